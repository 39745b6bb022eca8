/**
 * Group protocol errors that say this member is no longer (or not yet again) in the group's current
 * generation: its session ran out, or the group rebalanced without it. Its commits are refused until
 * it rejoins, which kafkajs's runner does by itself once the batch returns.
 */
const LOST_MEMBERSHIP = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR']);

/**
 * True when a kafkajs failure (a commit, a heartbeat) means the member lost its place in the group,
 * read through kafkajs's wrappers (`KafkaJSNonRetriableError` and friends keep the protocol error as
 * `cause`). kafkajs rethrows such a commit failure from `eachBatch` wrapped, and its runner, which
 * rejoins on a bare UNKNOWN_MEMBER_ID, crashes the consumer for good on the wrapped one.
 */
export function lostGroupMembership(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 6; depth++) {
    const { type, cause } = e as { type?: unknown; cause?: unknown };
    if (typeof type === 'string' && LOST_MEMBERSHIP.has(type)) return true;
    if (cause === e) return false;
    e = cause;
  }
  return false;
}

/**
 * Runs `work` and calls `heartbeat` every `everyMs` until it settles, so that a batch waiting on a
 * slow store (ClickHouse retrying a full disk, say) keeps its member in the group instead of being
 * taken for dead after the session timeout. A failed heartbeat is left to the next one and to the
 * runner (a rebalance is noticed when the batch returns).
 */
export async function withHeartbeats<T>(work: () => Promise<T>, heartbeat: () => Promise<void>, everyMs: number): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
