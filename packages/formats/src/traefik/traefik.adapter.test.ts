import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createTraefikAdapter } from './traefik.adapter';

const base = {
  StartUTC: '2025-10-20T22:40:00.123456789Z',
  RequestMethod: 'GET',
  RequestPath: '/api/items/77?api_key=traefikquerykey0001',
  DownstreamStatus: 200,
  DownstreamContentSize: 12,
  Duration: 2_500_000,
};
const run = (record: object, options = {}) => normalizeMessage(JSON.stringify(record), createTraefikAdapter(options), { fingerprintKey: 'k' })[0]!.result;

describe('traefik adapter', () => {
  it('durations in ns, ClientHost as an XFF list behind a trusted peer, kept request headers', () => {
    const result = run({
      ...base,
      ClientAddr: '10.0.0.4:5555',
      ClientHost: '6.6.6.6, 81.2.69.142',
      'request_X-Api-Key': 'traefikheaderkey0002',
      'request_User-Agent': 'Go-http-client/1.1',
    });
    expect(result).toMatchObject({
      kind: 'ok',
      value: {
        ip: '81.2.69.142',
        latencyMs: 2.5,
        path: '/api/items/77',
        route: '/api/items/{id}',
        userAgent: 'Go-http-client/1.1',
        token: { kind: 'api_key', hint: '0002' },
      },
    });
  });

  it('ignores a spoofed ClientHost when the peer is not a trusted proxy', () => {
    expect(run({ ...base, ClientAddr: '81.2.69.142:1', ClientHost: '1.1.1.1' })).toMatchObject({
      kind: 'ok',
      value: { ip: '81.2.69.142', token: { kind: 'api_key', hint: '0001' } },
    });
  });

  it('trusted proxies are configurable', () => {
    const record = { ...base, ClientAddr: '198.51.100.9:1', ClientHost: '81.2.69.142' };
    expect(run(record)).toMatchObject({ value: { ip: '198.51.100.9' } });
    expect(run(record, { trustedProxies: ['198.51.100.0/24'] })).toMatchObject({ value: { ip: '81.2.69.142' } });
  });

  it('v1 keys and ClientUsername; REDACTED headers are not credentials', () => {
    const v1 = {
      StartUTC: base.StartUTC,
      ClientAddr: '81.2.69.142:1',
      ClientUsername: 'ops',
      request_Authorization: 'REDACTED',
      BackendName: 'backend-a',
      FrontendName: 'fe',
      RequestPath: '/',
    };
    expect(run(v1)).toMatchObject({ kind: 'ok', value: { service: 'backend-a', consumer: 'ops', token: { kind: 'basic', hint: 'ops' } } });
  });
});
