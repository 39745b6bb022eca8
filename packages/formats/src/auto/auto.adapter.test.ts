import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createAutoAdapter } from './auto.adapter';
import { detectFormat } from './format.detector';

describe('auto adapter', () => {
  it('detects each gateway from its keys', () => {
    expect(detectFormat({ started_at: 1, request: {} })).toBe('kong');
    expect(detectFormat({ start_time: 1, request: {}, route_id: '1' })).toBe('apisix');
    expect(detectFormat({ route_id: '1', client_ip: '1.2.3.4', '@timestamp': 'x' })).toBe('apisix');
    expect(detectFormat({ start_time: 'x', response_code: 200 })).toBe('envoy');
    expect(detectFormat({ requestId: 'x', httpMethod: 'GET' })).toBe('aws-apigw');
    expect(detectFormat({ ClientAddr: 'x' })).toBe('traefik');
    expect(detectFormat({ remote_addr: 'x' })).toBe('nginx');
    expect(detectFormat({ logger: 'http.log.access.log0' })).toBe('caddy');
    expect(detectFormat({ ts: 1, request: { remote_ip: 'x', uri: '/' } })).toBe('caddy');
    expect(detectFormat({ logger: 'tls.obtain', msg: 'x' })).toBeUndefined();
    expect(detectFormat({ frontend_name: 'api', backend_name: 'api' })).toBe('haproxy');
    expect(detectFormat({ hello: 'world' })).toBeUndefined();
  });

  it('mixes formats in one stream, text lines included', () => {
    const adapter = createAutoAdapter({ anonymous: true });
    const inputs = [
      JSON.stringify({ started_at: 1_761_000_000_000, client_ip: '8.8.8.8', request: { method: 'GET', uri: '/a', headers: {} } }),
      '81.2.69.142 - - [20/Oct/2025:22:40:00 +0000] "GET /b HTTP/1.1" 200 5 "-" "curl/8.7.1"',
      '[2025-10-20T22:40:00.000Z] "GET /c HTTP/1.1" 200 - 0 5 3 2 "81.2.69.142" "curl/8.7.1" "id" "host" "up"',
      JSON.stringify({ ClientAddr: '81.2.69.142:1', StartUTC: '2025-10-20T22:40:00Z', RequestPath: '/d' }),
      JSON.stringify({ nothing: 'known' }),
    ];
    const results = inputs.map((input) => normalizeMessage(input, adapter, { fingerprintKey: 'k' })[0]!.result);
    expect(results.map((r) => (r.kind === 'ok' ? `${r.value.gateway} ${r.value.path}` : r.kind === 'reject' ? r.reason : r.kind))).toEqual([
      'kong /a',
      'nginx /b',
      'envoy /c',
      'traefik /d',
      'unknown format',
    ]);
  });
});
