import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '@tokenwatch/config';
import { Severity, SignalType, TokenFingerprint } from '@tokenwatch/contracts';
import { TRANSPORT_NAMES } from '../notifier.types';
import { durationField } from '../util/durations';

const Labels = z.record(z.string().min(1).max(64), z.string().max(256));

/** Conditions of one route; all given conditions must hold (AND), a list matches any of its items (OR). */
export const RouteMatch = z
  .object({
    severity: z.array(Severity).min(1).optional(),
    minSeverity: Severity.optional(),
    minScore: z.number().min(0).max(1).optional(),
    /** At least one of the alert's signals has one of these types. */
    signals: z.array(SignalType).min(1).optional(),
    tokens: z.array(TokenFingerprint).min(1).optional(),
    consumers: z.array(z.string().min(1)).min(1).optional(),
    /** Every label must be present with this value (labels of the token merged over its consumer's). */
    labels: Labels.optional(),
  })
  .strict();
export type RouteMatch = z.infer<typeof RouteMatch>;

export const Route = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'route names are 1..63 chars of a-z 0-9 _ . -'),
    match: RouteMatch.prefault({}),
    to: z.array(z.enum(TRANSPORT_NAMES)).min(1),
    /** Keep evaluating later routes after this one matched (default false: first match wins). */
    continue: z.boolean().default(false),
    groupWindow: durationField.optional(),
    repeatInterval: durationField.optional(),
  })
  .strict();
export type Route = z.infer<typeof Route>;

export const TokenEntry = z
  .object({
    consumer: z.string().min(1).max(256).optional(),
    labels: Labels.default({}),
    kind: z.enum(['api_key', 'bearer', 'basic', 'credential_id', 'consumer', 'jwt_sub']).optional(),
    /** The gateway's credential id (Kong key-auth id), needed by the Kong revoker. */
    credentialId: z.string().min(1).max(256).optional(),
  })
  .strict();

export const RevocationPolicyConfig = z
  .object({
    minSeverity: Severity.default('critical'),
    minScore: z.number().min(0).max(1).default(0.9),
    /** Signal types that may lead to a revocation; absent = any type. */
    signals: z.array(SignalType).min(1).optional(),
    protectedTokens: z.array(TokenFingerprint).default([]),
    protectedConsumers: z.array(z.string().min(1)).default([]),
    maxPerHour: z.number().int().min(0).max(10_000).default(5),
  })
  .strict();
export type RevocationPolicyConfig = z.infer<typeof RevocationPolicyConfig>;

export const RoutingFile = z
  .object({
    version: z.literal(1),
    defaults: z
      .object({ groupWindow: durationField.default(300_000), repeatInterval: durationField.default(14_400_000) })
      .strict()
      .prefault({}),
    routes: z.array(Route).min(1),
    tokens: z.record(TokenFingerprint, TokenEntry).default({}),
    consumers: z.record(z.string().min(1), z.object({ labels: Labels.default({}) }).strict()).default({}),
    revocation: RevocationPolicyConfig.optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.routes.forEach((route, i) => {
      if (seen.has(route.name)) ctx.addIssue({ code: 'custom', path: ['routes', i, 'name'], message: `duplicate route name "${route.name}"` });
      seen.add(route.name);
    });
  });
export type RoutingFile = z.infer<typeof RoutingFile>;

/** Without a routing file: every alert to every configured transport, 5 min groups, 4 h repeats. */
export function defaultRouting(): RoutingFile {
  return RoutingFile.parse({ version: 1, routes: [{ name: 'default', to: [...TRANSPORT_NAMES] }] });
}

/** Parses routing file text (JSON); every problem names its path in the file. */
export function parseRoutingFile(text: string, source = 'routing file'): RoutingFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const result = RoutingFile.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`invalid ${source}: ${problems.join('; ')}`);
}

export function loadRoutingFile(path: string): RoutingFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`TOKENWATCH_ROUTING_FILE: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseRoutingFile(text, `routing file ${path}`);
}
