import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adapterFor, kongAdapter, RouteCap } from '@tokenwatch/formats';
import type { RawMessage } from './raw-message';
import { normalizeMessages, reasonLabel } from './normalize.stage';

const T = Date.UTC(2025, 9, 20, 12);
const KEY = 'normalize-step-key-0123456789abcdef';
const kong = (overrides: object = {}) => ({
  started_at: T,
  client_ip: '81.2.69.142',
  request: { id: 'req-1', method: 'GET', uri: '/v1/users/7', headers: { apikey: 'sk_live_stepstepstep0001' }, querystring: {} },
  response: { status: 200, size: 10 },
  ...overrides,
});
const message = (value: string | Buffer | null, timestamp = T + 1000): RawMessage => ({
  topic: 'gateway.access.v1',
  partition: 0,
  offset: '1',
  key: null,
  value: value === null ? null : Buffer.isBuffer(value) ? value : Buffer.from(value),
  headers: {},
  timestamp,
});

describe('normalizeMessages', () => {
  it('turns raw message bytes into events and dead letters with reasons', () => {
    const notJson = message('{"started_at": 1');
    const anonymous = message(JSON.stringify(kong({ request: { method: 'GET', uri: '/', headers: {} } })));
    const batch = message(JSON.stringify([kong(), 'scalar', kong({ client_ip: '999.0.0.1' })]));
    const { events, deadLetters } = normalizeMessages([message(JSON.stringify(kong())), notJson, anonymous, batch], kongAdapter, { fingerprintKey: KEY });
    expect(events).toHaveLength(2);
    expect(deadLetters.map((d) => [d.reason, reasonLabel(d.reason)])).toEqual([
      ['invalid JSON: truncated', 'invalid JSON'],
      ['no credential', 'no credential'],
      ['record 1: not an object', 'not an object'],
      ['record 2: invalid client ip: peer address', 'invalid client ip'],
    ]);
    // whole-message rejections keep the original message; array members are dead-lettered alone
    expect(deadLetters[0]!.message).toBe(notJson);
    expect(deadLetters[1]!.message).toBe(anonymous);
    expect(deadLetters[2]!.message.value?.toString()).toBe('"scalar"');
    expect(JSON.stringify(events)).not.toContain('sk_live_stepstepstep0001');
  });

  it('judges "more than a day in the future" against the broker timestamp when no now is given', () => {
    const future = message(JSON.stringify(kong({ started_at: T + 2 * 86_400_000 })), T);
    const fine = message(JSON.stringify(kong({ started_at: T + 2 * 86_400_000 })), T + 2 * 86_400_000);
    const { events, deadLetters } = normalizeMessages([future, fine], kongAdapter, { fingerprintKey: KEY });
    expect(events).toHaveLength(1);
    expect(deadLetters[0]!.reason).toBe('invalid timestamp: more than 1 day in the future');
  });

  it('inflates gzipped CloudWatch Logs payloads and dead-letters each bad log event alone', () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      logGroup: 'api',
      logEvents: [
        {
          message: JSON.stringify({
            requestId: 'a',
            ip: '8.8.8.8',
            requestTimeEpoch: T,
            httpMethod: 'GET',
            resourcePath: '/pets/{id}',
            status: '200',
            apiKeyId: 'key-id-1',
          }),
        },
        { message: 'garbage' },
      ],
    };
    const { events, deadLetters } = normalizeMessages(
      [message(gzipSync(JSON.stringify(payload))), message(Buffer.from([0x1f, 0x8b, 1, 2, 3]))],
      adapterFor('aws-apigw'),
      { fingerprintKey: KEY },
    );
    expect(events.map((e) => e.route)).toEqual(['/pets/{id}']);
    expect(deadLetters.map((d) => d.reason)).toEqual([expect.stringMatching(/^record 1: invalid JSON: syntax error/), 'invalid gzip: cannot inflate']);
    expect(deadLetters[0]!.message.value?.toString()).toBe('garbage');
  });

  it('applies the route cap and the enrichment hook the pipeline holds', () => {
    const routeCap = new RouteCap({ maxRoutesPerToken: 1 });
    const messages = ['/a', '/b'].map((uri) =>
      message(JSON.stringify(kong({ request: { method: 'GET', uri, headers: { apikey: 'sk_live_stepstepstep0001' } } }))),
    );
    const { events } = normalizeMessages(
      messages,
      kongAdapter,
      { fingerprintKey: KEY },
      { routeCap, enrich: (e) => ({ ...e, geo: { country: 'GB', region: null, city: null, lat: null, lon: null } }) },
    );
    expect(events.map((e) => [e.route, e.geo?.country])).toEqual([
      ['/a', 'GB'],
      ['{other}', 'GB'],
    ]);
  });

  it('an empty message is a reasoned rejection', () => {
    expect(normalizeMessages([message(null)], kongAdapter, { fingerprintKey: KEY }).deadLetters[0]!.reason).toBe('invalid JSON: empty');
  });
});
