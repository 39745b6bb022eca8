import { TokenFingerprint } from '@tokenwatch/contracts';
import { z } from 'zod';

/** A token fingerprint as the AccessEvent contract defines it. */
export const Fingerprint = TokenFingerprint;
export const AlertId = z.string().min(1).max(200);

/** Epoch ms or an ISO-8601 date. */
export const Time = z.union([
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);

export const Limit = z.coerce.number().int().min(1).max(500).default(50);

/** Comma-separated list of allowed values. */
export function csvOf<T extends string>(values: readonly T[]) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values as [T, ...T[]])).max(values.length));
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function cursorOf<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .max(1000)
    .transform((s, ctx) => {
      try {
        return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not a valid cursor' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
