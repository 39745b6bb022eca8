import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAutoAdapter } from '../auto/auto.adapter';
import { adapterProbe } from '../testing/adapter.probe';
import { createHaproxyAdapter } from './haproxy.adapter';

const lines = readFileSync(fileURLToPath(new URL('./samples/haproxy-2.6.frontend-cfg.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean);
const { run, summary } = adapterProbe(createHaproxyAdapter, 'haproxy-test-key');
const edited = (index: number, change: (r: Record<string, unknown>) => void) => {
  const record = JSON.parse(lines[index]!) as Record<string, unknown>;
  change(record);
  return JSON.stringify(record);
};

describe('haproxy adapter', () => {
  it('header, bearer, query and Basic keys; the client from X-Forwarded-For behind the trusted peer', () => {
    expect(lines.map((line) => summary(line))).toEqual([
      'api_key 0001 81.2.69.142 GET /v1/users/42/orders',
      'bearer 0002 81.2.69.160 POST /v1/orders',
      'api_key 0003 2a02:8800::1 GET /v1/items',
      'basic alice 127.0.0.1 GET /admin',
      'no credential',
    ]);
  });

  it('time from %Ts and %ms, the unique id, backend as service, escaped user agent', () => {
    const raw = JSON.parse(lines[0]!) as { ts: number; ts_ms: string; request_id: string };
    expect(run(lines[0]!)).toMatchObject({
      kind: 'ok',
      value: {
        gateway: 'haproxy',
        id: `haproxy-${raw.request_id}`,
        ts: raw.ts * 1000 + Number(raw.ts_ms),
        status: 200,
        bytes: 73,
        latencyMs: 0,
        service: 'api',
        route: '/v1/users/{id}/orders',
      },
    });
    expect(run(lines[4]!, createHaproxyAdapter({ anonymous: true }))).toMatchObject({ kind: 'ok', value: { userAgent: 'odd "agent" \\ é' } });
  });

  it('an aborted request (-1 timer and status) has no latency nor status; a bad %ms is an unreadable time', () => {
    expect(run(edited(0, (r) => ((r['active_ms'] = -1), (r['status'] = -1))))).toMatchObject({ kind: 'ok', value: { latencyMs: null, status: null } });
    expect(summary(edited(0, (r) => (r['ts_ms'] = 'x')))).toBe('invalid timestamp: unreadable ts_ms');
  });

  it('no raw key in any event', () => {
    for (const line of lines) {
      const text = JSON.stringify(run(line));
      for (const secret of ['sample-haproxy', 's3cret-sample', 'YWxpY2U6']) expect(text).not.toContain(secret);
    }
  });

  it('reads syslog-framed lines (RFC 3164 from HAProxy or rsyslog, RFC 5424) as the raw ones', () => {
    const framings = [
      '<134>Dec  5 08:43:49 haproxy[81]: ',
      'Dec  5 08:43:49 api-gw-1 haproxy[81]: ',
      '2026-12-05T08:43:49.192451+00:00 api-gw-1 haproxy[81]: ',
      '<134>1 2026-12-05T08:43:49.192451+00:00 api-gw-1 haproxy 81 - - ',
    ];
    for (const adapter of [createHaproxyAdapter(), createAutoAdapter()]) {
      for (const frame of framings) expect(run(frame + lines[1]!, adapter), frame).toEqual(run(lines[1]!));
    }
    expect(summary(`<134>Dec  5 08:43:49 haproxy[81]: ${lines[1]!.slice(0, 40)}`)).toBe('invalid record: unrecognised text line');
    expect(summary('Dec  5 08:43:49 haproxy[81]: Proxy api started.')).toBe('invalid record: unrecognised text line');
    expect(summary(`127.0.0.1:5000 ${lines[1]!}`)).toBe('invalid record: unrecognised text line');
  });

  it('a partial or foreign record is rejected with a reason, not guessed', () => {
    expect(summary(edited(0, (r) => delete r['client_ip']))).toBe('invalid record: haproxy record without client_ip');
    expect(summary(edited(0, (r) => delete r['http_uri']))).toBe('invalid record: haproxy record without http_uri');
    expect(summary(JSON.stringify({ remote_addr: '81.2.69.142', request: 'GET / HTTP/1.1' }))).toBe('invalid record: haproxy record without ts');
  });

  it('auto detects HAProxy records, complete or partial', () => {
    const auto = createAutoAdapter();
    expect(lines.map((line) => summary(line, auto))).toEqual(lines.map((line) => summary(line)));
    expect(
      summary(
        edited(1, (r) => delete r['http_method']),
        auto,
      ),
    ).toBe('invalid record: haproxy record without http_method');
  });
});
