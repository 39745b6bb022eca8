import type { BaselineWriteReason, TokenBaselineRecord } from '@tokenwatch/clickhouse';
import type { TokenSnapshot } from '@tokenwatch/detector';

const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A detector snapshot as a token_baselines row: the JSON to restore from plus a readable summary. */
export function toBaselineRecord(snapshot: TokenSnapshot, reason: BaselineWriteReason): TokenBaselineRecord {
  const s = snapshot.state;
  return {
    fp: snapshot.fp,
    snapshotVersion: snapshot.v,
    learning: snapshot.learning,
    firstSeen: snapshot.firstSeen,
    lastSeen: snapshot.lastSeen,
    events: snapshot.events,
    consumer: text(s.consumer),
    service: text(s.service),
    countries: names(s.countryId),
    userAgents: names(s.uaId),
    routes: names(s.routeId),
    hourlyRate: Array.isArray(s.seasonal) ? s.seasonal.map((v) => Math.round(Number(v) * 100) / 100) : [],
    reason,
    state: JSON.stringify(snapshot),
  };
}
