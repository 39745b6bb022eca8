import { z } from 'zod';
import { TokenKind } from '@tokenwatch/contracts';
import { TokenwatchError } from '@tokenwatch/common';

/** A dotted field path into the record (`request.headers.x-api-key`; array elements by index). */
const FieldPath = z.string().min(1).max(256);

const TimeField = z.union([
  FieldPath.transform((path) => ({ path, unit: 'auto' as const })),
  z.object({ path: FieldPath, unit: z.enum(['s', 'ms', 'us', 'ns', 'iso', 'clf', 'auto']).default('auto') }).strict(),
]);

const DurationField = z.union([
  FieldPath.transform((path) => ({ path, unit: 'ms' as const })),
  z.object({ path: FieldPath, unit: z.enum(['s', 'ms', 'us', 'ns']).default('ms') }).strict(),
]);

const Source = z.union([
  z.object({ path: FieldPath, kind: TokenKind }).strict(),
  z.object({ header: z.string().min(1).max(128), kind: TokenKind }).strict(),
  z.object({ query: z.string().min(1).max(128), kind: TokenKind }).strict(),
]);

/**
 * A declarative mapping for any other JSON access log: which field holds what. Only `ts` and
 * `credential` are required; unmapped fields are null in the event.
 *
 * ```json
 * { "gateway": "acme-edge", "ts": { "path": "time", "unit": "s" }, "ip": "client.ip",
 *   "method": "req.method", "path": "req.path", "status": "res.status", "bytes": "res.bytes",
 *   "latency": { "path": "took", "unit": "s" }, "headers": "req.headers",
 *   "credential": [{ "path": "auth.key_id", "kind": "credential_id" }, { "header": "x-api-key", "kind": "api_key" }] }
 * ```
 */
export const CustomMapping = z
  .object({
    /** The event's `gateway` value. */
    gateway: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/, 'lowercase letters, digits, _ . -')
      .default('custom'),
    ts: TimeField,
    /** A request id the gateway generates (not one a client can set). */
    requestId: FieldPath.optional(),
    ip: FieldPath.optional(),
    forwardedFor: FieldPath.optional(),
    method: FieldPath.optional(),
    path: FieldPath.optional(),
    /** A route template the gateway logs, if any; otherwise one is derived from the path. */
    route: FieldPath.optional(),
    status: FieldPath.optional(),
    bytes: FieldPath.optional(),
    latency: DurationField.optional(),
    userAgent: FieldPath.optional(),
    consumer: FieldPath.optional(),
    service: FieldPath.optional(),
    /** An object of request headers, for `{ header }` credential sources and the user agent. */
    headers: FieldPath.optional(),
    /** An object of query parameters; without it `{ query }` sources read the path's query string. */
    query: FieldPath.optional(),
    credential: z.array(Source).min(1).max(32),
  })
  .strict();

export type CustomMapping = z.output<typeof CustomMapping>;
export type CustomMappingInput = z.input<typeof CustomMapping>;

export class CustomMappingError extends TokenwatchError {
  constructor(readonly issues: string[]) {
    super(`invalid custom mapping: ${issues.join('; ')}`, { code: 'INVALID_CUSTOM_MAPPING', context: { issues } });
  }
}

/** Validates a mapping (e.g. read from a JSON config file); throws CustomMappingError with every problem. */
export function parseCustomMapping(input: unknown): CustomMapping {
  const parsed = CustomMapping.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new CustomMappingError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
}
