import type { ClickHouse } from './clickhouse.client';
import { toNumber } from './values.util';

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

const FROM_EVENTS = `SELECT count() AS events, toUnixTimestamp64Milli(min(ts)) AS first_ms, toUnixTimestamp64Milli(max(ts)) AS last_ms,
       argMax(token_hint, ts) AS hint, argMax(token_kind, ts) AS kind, argMax(consumer, ts) AS consumer, argMax(service, ts) AS service,
       uniqExact(user_agent) AS uas, uniqExact(ip) AS ips
FROM {db:Identifier}.access_events FINAL
WHERE token_fp = {fp:String}`;

const FROM_BASELINE = `SELECT toUnixTimestamp64Milli(first_seen) AS first_ms, toUnixTimestamp64Milli(last_seen) AS last_ms, consumer,
       length(user_agents) AS uas
FROM {db:Identifier}.token_baselines FINAL
WHERE token_fp = {fp:String}`;

const text = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));

/** What is known of one token's lifetime; undefined when it has neither events nor a baseline. */
export async function getTokenLifecycleFacts(ch: ClickHouse, fp: string): Promise<TokenLifecycleFacts | undefined> {
  const run = async (query: string) =>
    (await ch.client.query({ query, query_params: { db: ch.database, fp }, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const [[ev], [bl]] = await Promise.all([run(FROM_EVENTS), run(FROM_BASELINE)]);
  const inEvents = ev !== undefined && toNumber(ev.events) > 0;
  if (!inEvents && !bl) return undefined;
  const firsts = [inEvents ? toNumber(ev.first_ms) : Infinity, bl ? toNumber(bl.first_ms) : Infinity];
  const lasts = [inEvents ? toNumber(ev.last_ms) : -Infinity, bl ? toNumber(bl.last_ms) : -Infinity];
  return {
    fp,
    hint: inEvents ? text(ev.hint) : null,
    kind: inEvents ? text(ev.kind) : null,
    consumer: (inEvents ? text(ev.consumer) : null) ?? (bl ? text(bl.consumer) : null),
    service: inEvents ? text(ev.service) : null,
    firstSeen: Math.min(...firsts),
    lastSeen: Math.max(...lasts),
    userAgents: Math.max(inEvents ? toNumber(ev.uas) : 0, bl ? toNumber(bl.uas) : 0),
    ips: inEvents ? toNumber(ev.ips) : 0,
  };
}
