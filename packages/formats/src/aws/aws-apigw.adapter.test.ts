import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createAwsApigwAdapter } from './aws-apigw.adapter';

const envelope = readFileSync(fileURLToPath(new URL('../../../../test/fixtures/crafted/cloudwatch-envelope.json', import.meta.url)), 'utf8');
const options = { fingerprintKey: 'k', now: Date.UTC(2026, 0, 1) };

describe('aws-apigw adapter', () => {
  it('unwraps a CloudWatch Logs subscription envelope into one outcome per log event', () => {
    const outcomes = normalizeMessage(envelope, createAwsApigwAdapter(), options);
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3]);
    const [rest, http, rawKey, notJson] = outcomes.map((o) => o.result);
    expect(rest).toMatchObject({
      kind: 'ok',
      value: {
        id: 'aws-apigw-Ab1CdE=',
        ts: 1761000000000,
        ip: '8.8.8.8',
        route: '/pets/{petId}',
        path: '/prod/pets/42',
        latencyMs: 31,
        token: { kind: 'credential_id', hint: 'k7x9q2ab3c' },
        service: 'a1b2c3d4e5',
      },
    });
    expect(http).toMatchObject({
      kind: 'ok',
      value: { route: '/orders/{id}', method: 'POST', ip: '2001:4860:4860::8888', token: { kind: 'jwt_sub', hint: 'user-4711' } },
    });
    expect(rawKey).toMatchObject({ kind: 'ok', value: { token: { kind: 'api_key', hint: 'WXYZ' }, bytes: null, status: 403 } });
    expect(JSON.stringify(rawKey)).not.toContain('AKplantedRawApiKey0000WXYZ');
    expect(notJson).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/^invalid JSON/) });
    expect(outcomes[3]!.recordText).toBe('this line is not JSON');
  });

  it('ignores control messages', () => {
    expect(
      normalizeMessage(
        JSON.stringify({ messageType: 'CONTROL_MESSAGE', logGroup: '', logEvents: [{ message: 'CWL CONTROL MESSAGE' }] }),
        createAwsApigwAdapter(),
        options,
      ),
    ).toEqual([]);
  });

  it('falls back to the path template for $default and greedy {proxy+} routes', () => {
    const base = { requestId: 'x', ip: '8.8.8.8', requestTimeEpoch: 1761000000000, httpMethod: 'GET', status: '200', principalId: 'acct-1' };
    const route = (extra: object) => {
      const r = normalizeMessage(JSON.stringify({ ...base, ...extra }), createAwsApigwAdapter(), options)[0]!.result;
      return r.kind === 'ok' ? r.value.route : r;
    };
    expect(route({ routeKey: '$default', path: '/v1/users/42' })).toBe('/v1/users/{id}');
    expect(route({ resourcePath: '/{proxy+}', path: '/v1/users/42' })).toBe('/v1/users/{id}');
    expect(route({ routeKey: '$default' })).toBe('$default');
    expect(route({ routeKey: 'GET /pets/{id}', path: '/pets/7' })).toBe('/pets/{id}');
  });

  it('a REST requestId (client-settable) is not the event id', () => {
    const r = normalizeMessage(
      JSON.stringify({ requestId: 'attacker-chosen', ip: '8.8.8.8', requestTime: '20/Oct/2025:22:40:00 +0000', apiKeyId: 'k1' }),
      createAwsApigwAdapter(),
      options,
    )[0]!.result;
    expect(r).toMatchObject({ kind: 'ok', value: { id: expect.stringMatching(/^aws-apigw-[0-9a-f]{32}$/) } });
  });

  it('gzip is a transport concern: the ingest step inflates before normalizing', () => {
    expect(gzipSync(envelope).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});
