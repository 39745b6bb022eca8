import { z } from 'zod';
import type { ClickHouse } from './clickhouse.client';
import { defineSelect, runQuery, unwrap } from './query';
import { chNumber, chText } from './query/row-values';

/** One token's lifecycle facts: its access events within retention and its detector baseline (lifetime). */
export interface TokenLifecycleFacts {
  fp: string;
  hint: string | null;
  kind: string | null;
  consumer: string | null;
  service: string | null;
  firstSeen: number;
  lastSeen: number;
  userAgents: number;
  ips: number;
}

const ByToken = z.object({ fp: z.string() });

const FROM_EVENTS = defineSelect({
  name: 'access_events.token_lifecycle',
  sql: `SELECT count() AS events, toUnixTimestamp64Milli(min(ts)) AS first_ms, toUnixTimestamp64Milli(max(ts)) AS last_ms,
       argMax(token_hint, ts) AS hint, argMax(token_kind, ts) AS kind, argMax(consumer, ts) AS consumer, argMax(service, ts) AS service,
       uniqExact(user_agent) AS uas, uniqExact(ip) AS ips
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}`,
  params: ByToken,
  row: z.object({
    events: chNumber,
    first_ms: chNumber,
    last_ms: chNumber,
    hint: chText,
    kind: chText,
    consumer: chText,
    service: chText,
    uas: chNumber,
    ips: chNumber,
  }),
});

const FROM_BASELINE = defineSelect({
  name: 'token_baselines.token_lifecycle',
  sql: `SELECT toUnixTimestamp64Milli(first_seen) AS first_ms, toUnixTimestamp64Milli(last_seen) AS last_ms, consumer,
       length(user_agents) AS uas
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp = {fp:String}`,
  params: ByToken,
  row: z.object({ first_ms: chNumber, last_ms: chNumber, consumer: chText, uas: chNumber }),
});

/** What is known of one token's lifetime; undefined when it has neither events nor a baseline. */
export async function getTokenLifecycleFacts(ch: ClickHouse, fp: string): Promise<TokenLifecycleFacts | undefined> {
  const [events, baseline] = await Promise.all([runQuery(ch, FROM_EVENTS, { fp }), runQuery(ch, FROM_BASELINE, { fp })]);
  const [evRow] = unwrap(events);
  const [bl] = unwrap(baseline);
  const ev = evRow !== undefined && evRow.events > 0 ? evRow : undefined;
  if (!ev && !bl) return undefined;
  return {
    fp,
    hint: ev?.hint ?? null,
    kind: ev?.kind ?? null,
    consumer: ev?.consumer ?? bl?.consumer ?? null,
    service: ev?.service ?? null,
    firstSeen: Math.min(ev?.first_ms ?? Infinity, bl?.first_ms ?? Infinity),
    lastSeen: Math.max(ev?.last_ms ?? -Infinity, bl?.last_ms ?? -Infinity),
    userAgents: Math.max(ev?.uas ?? 0, bl?.uas ?? 0),
    ips: ev?.ips ?? 0,
  };
}
