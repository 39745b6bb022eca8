import { TokenFingerprint } from '@tokenwatch/contracts';
import { z } from 'zod';

const Days = z.number().positive().max(36_500);

/** The limits a policy sets; a rule's limits override the default's, field by field. */
const Limits = z
  .object({
    /** Older than this (since first seen): past its maximum age, replace it. */
    maxAgeDays: Days.optional(),
    /** Silent this long: dormant (revoke it if unused). */
    maxIdleDays: Days.optional(),
    /** Rotate at least this often: due `rotationWarningDays` before, overdue after. */
    rotateEveryDays: Days.optional(),
    rotationWarningDays: z.number().min(0).max(365).optional(),
  })
  .strict();
export type PolicyLimits = z.infer<typeof Limits>;

const Match = z
  .object({
    /** The token's consumer; `*` matches any run of characters (`ci-*`). */
    consumer: z.string().min(1).optional(),
    /** A label given to tokens in `labels`. */
    label: z.string().min(1).optional(),
    /** The credential kind (api_key, bearer, basic, credential_id, consumer, jwt_sub). */
    kind: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => m.consumer !== undefined || m.label !== undefined || m.kind !== undefined, 'name at least one of consumer, label, kind');

const Rule = Limits.extend({ name: z.string().min(1).max(100).optional(), match: Match }).strict();
export type PolicyRule = z.infer<typeof Rule>;

export const TokenPolicy = z
  .object({
    default: Limits.default({}),
    /** Token fingerprint -> label, for rules that match a label. */
    labels: z.record(TokenFingerprint, z.string().min(1).max(100)).default({}),
    /** The first rule that matches a token sets its limits. */
    rules: z.array(Rule).max(1000).default([]),
    /** A token used by at least this many user agents counts as shared across many clients. */
    sharedClients: z.number().int().min(2).max(10_000).default(5),
  })
  .strict();
export type TokenPolicy = z.infer<typeof TokenPolicy>;

/** Used when no policy file is configured: yearly replacement, 90-day rotation, 30 days idle. */
export const DEFAULT_LIMITS: Required<PolicyLimits> = { maxAgeDays: 365, maxIdleDays: 30, rotateEveryDays: 90, rotationWarningDays: 14 };

export const DEFAULT_TOKEN_POLICY: TokenPolicy = TokenPolicy.parse({});
