/** Access events for the insert benches, and their payload in each text format chDB's raw insert takes. */
import type { AccessEvent } from '@tokenwatch/contracts';
import { ACCESS_EVENT_COLUMNS, accessEventLine, toAccessEventRow } from '../src/access-events.queries';

const countries = ['DE', 'US', 'FR', 'BR', 'JP', 'IN', 'GB', 'NL'];
const routes = ['/v1/users/{id}', '/v1/orders', '/v1/orders/{id}', '/v1/export', '/v1/admin/keys', '/healthz'];

/** `n` events from number `offset` on, 7 ms apart, over `tokens` tokens; ids are 32 hex digits like a gateway's request id. */
export function makeEvents(n: number, offset: number, baseTs: number, tokens = 5_000): AccessEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    return {
      id: i.toString(16).padStart(32, 'e'),
      ts: baseTs + i * 7,
      gateway: 'kong',
      token: { fp: (i % tokens).toString(16).padStart(32, '0'), hint: 'x9Qz', kind: 'api_key' },
      ip: `198.51.100.${i % 250}`,
      method: i % 7 === 0 ? 'POST' : 'GET',
      route: routes[i % routes.length] ?? null,
      path: `/v1/users/${i % 10_000}`,
      status: i % 50 === 0 ? 401 : 200,
      bytes: 200 + (i % 50_000),
      latencyMs: 3 + (i % 400) / 10,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench/1.0',
      consumer: `consumer-${i % 40}`,
      service: 'users',
      geo: { country: countries[i % countries.length] ?? null, region: null, city: 'Somewhere', lat: 50.1, lon: 8.6 },
    };
  });
}

export type PayloadFormat = 'JSONCompactEachRow' | 'TabSeparated' | 'CSV';

type Cell = string | number | null;

/** ts goes as seconds with milliseconds: a bare integer in text formats is not read as epoch ms. */
function cells(e: AccessEvent): Cell[] {
  const row = { ...toAccessEventRow(e), ts: (e.ts / 1000).toFixed(3) };
  return ACCESS_EVENT_COLUMNS.map((column) => row[column]);
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n' };
const tsvCell = (v: Cell) => (v === null ? '\\N' : String(v).replace(/[\\\t\n]/g, (c) => TSV_ESCAPES[c] ?? c));
const csvCell = (v: Cell) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);

const LINE: Record<PayloadFormat, (e: AccessEvent) => string> = {
  JSONCompactEachRow: accessEventLine,
  TabSeparated: (e) => cells(e).map(tsvCell).join('\t'),
  CSV: (e) => cells(e).map(csvCell).join(','),
};

export function encodeEvents(events: readonly AccessEvent[], format: PayloadFormat): Buffer {
  return Buffer.from(`${events.map(LINE[format]).join('\n')}\n`);
}
