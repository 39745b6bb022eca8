/**
 * The score ranges of the signals: where a signal's score starts when its threshold is just reached
 * (`from`) and where it tops out (`to`), and the factors that temper it. The README's signal table
 * gives the reasons; tuning them changes what alerts (min alert score 0.4, medium 0.6, high 0.8).
 */

/** A spike of requests in 1 or 5 minutes, or of response bytes in 5 minutes: 3x the norm is weak, 30x is high. */
export const SPIKE_SCORE = { from: 0.45, to: 0.9 } as const;
/** Bonus when the negative-binomial tail of a volume spike is below 1e-12. */
export const EXTREME_TAIL_BONUS = 0.05;
export const EXTREME_TAIL_LOG10P = -12;
/** One large response alone: an occasional legitimate export looks the same, so it stays low. */
export const SINGLE_RESPONSE_SCORE = { from: 0.35, to: 0.55 } as const;
/** Auth failures in a minute: strong alone (credential stuffing, a revoked key replayed). */
export const AUTH_FAILURE_SCORE = { from: 0.6, to: 0.85 } as const;
/** Distinct IPs in 10 minutes past the norm (a proxy pool). */
export const IP_FANOUT_SCORE = { from: 0.45, to: 0.85 } as const;
/** Endpoint mix drift (Jensen-Shannon divergence past the threshold). */
export const ENDPOINT_DRIFT_SCORE = { from: 0.3, to: 0.7 } as const;
/** The breach sequence: at the minimum number of stages, and with every stage (capped below 1). */
export const SEQUENCE_SCORE = { from: 0.65, to: 0.95, max: 0.97 } as const;
/** A sequence whose every route the token already used is a routine job. */
export const ROUTINE_SEQUENCE_FACTOR = 0.4;
/** Judged against the peers while learning (borrowed evidence counts less than the token's own). */
export const PEER_EVIDENCE_FACTOR = 0.8;
/** While learning, a peer-based threshold needs this much more (peers are a rougher norm than the token's own). */
export const LEARNING_FOLD_FACTOR = 1.5;
/** Within a family of signals (two views of one fact) the strongest counts fully, each further one this much. */
export const FAMILY_FURTHER_WEIGHT = 0.25;
