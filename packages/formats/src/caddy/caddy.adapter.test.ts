import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAutoAdapter } from '../auto/auto.adapter';
import { adapterProbe } from '../testing/adapter.probe';
import { createCaddyAdapter } from './caddy.adapter';

const sample = (name: string) =>
  readFileSync(fileURLToPath(new URL(`./samples/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter(Boolean);
const { run, summary } = adapterProbe(createCaddyAdapter, 'caddy-test-key');

describe('caddy adapter', () => {
  it('log_credentials: header, bearer, query and Basic keys; the client from X-Forwarded-For behind the trusted peer', () => {
    expect(sample('caddy-2.6.log_credentials.jsonl').map((line) => summary(line))).toEqual([
      'api_key 0001 81.2.69.142 GET /v1/users/42/orders',
      'bearer 0002 81.2.69.160 POST /v1/orders',
      'api_key 0003 2a02:8800::1 GET /v1/items',
      'basic alice 127.0.0.1 GET /admin',
      'no credential',
    ]);
  });

  it('default settings log Authorization as []: never a credential, so bearer tokens do not merge', () => {
    expect(sample('caddy-2.6.default.jsonl').map((line) => summary(line))).toEqual([
      'api_key 0001 81.2.69.142 GET /v1/users/42/orders',
      'no credential',
      'api_key 0003 2a02:8800::1 GET /v1/items',
      'no credential',
      'no credential',
    ]);
    const redacted = JSON.parse(sample('caddy-2.6.default.jsonl')[1]!) as { request: { headers: Record<string, unknown> } };
    redacted.request.headers['Authorization'] = ['REDACTED'];
    expect(summary(JSON.stringify(redacted))).toBe('no credential');
  });

  it('reads ts and duration in seconds, size, status and host', () => {
    const line = sample('caddy-2.6.log_credentials.jsonl')[0]!;
    const raw = JSON.parse(line) as { ts: number; duration: number };
    expect(run(line)).toMatchObject({
      kind: 'ok',
      value: {
        gateway: 'caddy',
        ts: Math.trunc(raw.ts * 1000),
        latencyMs: raw.duration * 1000,
        status: 200,
        bytes: 2,
        service: '127.0.0.1',
        route: '/v1/users/{id}/orders',
        userAgent: 'curl/7.88.1',
      },
    });
  });

  it('the service is the host the site matched, without port, in lower case', () => {
    const record = JSON.parse(sample('caddy-2.6.log_credentials.jsonl')[0]!) as { request: Record<string, unknown> };
    for (const [host, service] of [
      ['API.Example.com:8443', 'api.example.com'],
      ['[::1]:8080', '[::1]'],
      ['api.example.com', 'api.example.com'],
    ] as const) {
      record.request['host'] = host;
      expect(run(JSON.stringify(record))).toMatchObject({ kind: 'ok', value: { service } });
    }
  });

  it('walks every X-Forwarded-For line from the right; a client_ip (Caddy 2.7+, leftmost entry) does not override it', () => {
    const record = JSON.parse(sample('caddy-2.6.log_credentials.jsonl')[0]!) as { request: { headers: Record<string, unknown>; client_ip?: string } };
    record.request.headers['X-Forwarded-For'] = ['203.0.113.9', '81.2.69.150'];
    record.request.client_ip = '203.0.113.9';
    expect(run(JSON.stringify(record))).toMatchObject({ kind: 'ok', value: { ip: '81.2.69.150' } });
    expect(run(JSON.stringify(record), createCaddyAdapter({ trustedProxies: [] }))).toMatchObject({ kind: 'ok', value: { ip: '127.0.0.1' } });
  });

  it('no raw key in any event', () => {
    for (const line of sample('caddy-2.6.log_credentials.jsonl')) {
      const text = JSON.stringify(run(line));
      for (const secret of ['sample-caddy', 's3cret-sample', 'YWxpY2U6']) expect(text).not.toContain(secret);
    }
  });

  it('a partial or foreign record is rejected with a reason, not guessed', () => {
    expect(summary(JSON.stringify({ ts: 1796460217.1, logger: 'http.log.access.log0', msg: 'handled request' }))).toBe(
      'invalid record: caddy record without request',
    );
    expect(summary(JSON.stringify({ ts: 1796460217.1, request: { remote_ip: '81.2.69.142', method: 'GET' } }))).toBe(
      'invalid record: caddy record without request.uri',
    );
    expect(summary(JSON.stringify({ ts: 1796460217.1, request: { method: 'GET', uri: '/' } }))).toBe('invalid record: caddy record without request.remote_ip');
    expect(summary(JSON.stringify({ started_at: 1, request: { method: 'GET', uri: '/' } }))).toBe('invalid record: caddy record without request.remote_ip');
  });

  it('auto detects Caddy records, complete or partial', () => {
    const auto = createAutoAdapter();
    expect(sample('caddy-2.6.log_credentials.jsonl').map((line) => summary(line, auto))).toEqual(
      sample('caddy-2.6.log_credentials.jsonl').map((line) => summary(line)),
    );
    expect(summary(JSON.stringify({ ts: 1796460217.1, logger: 'http.log.access.log0' }), auto)).toBe('invalid record: caddy record without request');
  });
});
