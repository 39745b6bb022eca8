import { z } from 'zod';
import { TokenFingerprint } from './access-event.schema';

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const SignalType = z.enum([
  'volume_spike',
  'bytes_spike',
  'new_country',
  'rare_country',
  'impossible_travel',
  'concurrent_geo',
  'ip_fanout',
  'new_user_agent',
  'endpoint_drift',
  'new_endpoint',
  'sensitive_endpoint',
  'enumeration',
  'auth_failures',
  'dormant_reactivation',
  'off_hours',
  'sequence',
  /** A network (autonomous system) the token never used; strongest for hosting and anonymiser networks (v1.2). */
  'new_network',
]);
export type SignalType = z.infer<typeof SignalType>;

/** Observed and expected values are numbers, strings or small structures; kept open on purpose. */
const SignalValue = z.union([z.number(), z.string(), z.array(z.string()), z.record(z.string(), z.unknown()), z.null()]);

export const Signal = z.object({
  type: SignalType,
  score: z.number().min(0).max(1),
  observed: SignalValue,
  expected: SignalValue,
  /** One human sentence with the numbers. */
  detail: z.string().min(1),
});
export type Signal = z.infer<typeof Signal>;

export const AlertState = z.enum(['firing', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

/** Alert v1. */
export const Alert = z.object({
  id: z.string().min(1).max(128),
  ts: z.number().int().nonnegative(),
  token: z.object({ fp: TokenFingerprint, hint: z.string().max(64).nullable() }),
  severity: Severity,
  score: z.number().min(0).max(1),
  signals: z.array(Signal).min(1),
  summary: z.string().min(1),
  window: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
  state: AlertState,
  /** Anomalous requests merged into this incident so far (optional, added in v1.2). */
  count: z.number().int().positive().optional(),
});
export type Alert = z.infer<typeof Alert>;
