import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createApisixAdapter } from './apisix.adapter';

const entry = (headers: Record<string, string>, extra: object = {}, query = true) => ({
  start_time: 1_761_000_000_000,
  client_ip: '81.2.69.142',
  route_id: 'r1',
  service_id: '',
  latency: 12.000013,
  request: query
    ? {
        method: 'GET',
        uri: '/v1/orders/5?apikey=apisixquery000009',
        url: 'http://x/v1/orders/5?apikey=apisixquery000009',
        size: 90,
        querystring: { apikey: 'apisixquery000009' },
        headers,
      }
    : { method: 'GET', uri: '/v1/orders/5', url: 'http://x/v1/orders/5', size: 90, querystring: {}, headers },
  response: { status: 200, size: 300 },
  ...extra,
});

describe('apisix adapter', () => {
  it('kafka-logger batches (arrays) with raw apikey/authorization headers and consumer.username', () => {
    const batch = [
      entry({ apikey: 'apisixheaderkey00001' }, { consumer: { username: 'jack' } }),
      entry({ authorization: 'Bearer apisix-opaque-000002' }, {}, false),
      entry({}, { consumer: { username: 'jill' } }),
    ];
    const outcomes = normalizeMessage(JSON.stringify(batch), createApisixAdapter(), { fingerprintKey: 'k' });
    expect(outcomes.map((o) => (o.result.kind === 'ok' ? o.result.value.token : o.result))).toEqual([
      expect.objectContaining({ kind: 'api_key', hint: '0001' }),
      expect.objectContaining({ kind: 'bearer', hint: '0002' }),
      expect.objectContaining({ kind: 'api_key', hint: '0009' }), // ?apikey= beats the consumer name
    ]);
    const first = outcomes[0]!.result;
    expect(first).toMatchObject({ kind: 'ok', value: { consumer: 'jack', service: 'r1', path: '/v1/orders/5', latencyMs: 12.000013 } });
    expect(JSON.stringify(outcomes.map((o) => o.result))).not.toMatch(/apisixheaderkey|apisix-opaque|apisixquery/);
  });

  it('falls back to the consumer when no raw credential is logged', () => {
    const record = { ...entry({}, { consumer: { username: 'jill' } }), request: { method: 'GET', uri: '/x', headers: {} } };
    expect(normalizeMessage(JSON.stringify(record), createApisixAdapter(), { fingerprintKey: 'k' })[0]!.result).toMatchObject({
      kind: 'ok',
      value: { token: { kind: 'consumer', hint: 'jill' } },
    });
  });
});
