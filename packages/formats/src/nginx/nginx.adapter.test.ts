import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createNginxAdapter } from './nginx.adapter';
import { parseCombinedLine } from './combined-line.parser';

const lines = readFileSync(fileURLToPath(new URL('../../../../test/fixtures/crafted/nginx-json.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean);
const run = (line: string) => normalizeMessage(line, createNginxAdapter(), { fingerprintKey: 'k', now: Date.UTC(2026, 0, 1) })[0]!.result;

describe('nginx adapter', () => {
  it('escape=json: XFF behind a private proxy, ?api_key= fingerprinted and stripped, request_time in seconds', () => {
    expect(run(lines[0]!)).toMatchObject({
      kind: 'ok',
      value: {
        id: 'nginx-7f3c0de3a1b24f6e9d3d2c1b0a998877',
        ip: '81.2.69.142',
        path: '/v1/users/42/orders',
        route: '/v1/users/{id}/orders',
        latencyMs: 31,
        token: { kind: 'api_key', hint: 'ey99' },
      },
    });
  });

  it('a JWT bearer in $http_authorization, HTTP Basic, $msec and an X-Api-Key header', () => {
    expect(run(lines[1]!)).toMatchObject({ kind: 'ok', value: { method: 'POST', token: { kind: 'jwt_sub', hint: 'user-4711' } } });
    expect(run(lines[2]!)).toMatchObject({ kind: 'ok', value: { status: 401, token: { kind: 'basic', hint: 'alice' } } });
    expect(run(lines[3]!)).toMatchObject({
      kind: 'ok',
      value: { ts: 1761000003250, method: 'DELETE', route: '/v1/users/{id}', token: { kind: 'api_key', hint: 'ey42' } },
    });
  });

  it('combined lines: $remote_user is the identity; the stock `main` format adds XFF', () => {
    const line =
      '10.0.0.2 - bob [10/Oct/2025:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)" "81.2.69.142"';
    expect(run(line)).toMatchObject({
      kind: 'ok',
      value: { ts: Date.UTC(2025, 9, 10, 20, 55, 36), ip: '81.2.69.142', consumer: 'bob', path: '/apache_pb.gif', token: { kind: 'basic', hint: 'bob' } },
    });
  });

  it('garbage request lines still parse; unknown text is a reasoned rejection', () => {
    expect(parseCombinedLine('1.2.3.4 - - [10/Oct/2025:13:55:36 +0000] "\\x16\\x03\\x01" 400 157 "-" "-"')).toMatchObject({
      request: '\\x16\\x03\\x01',
      status: '400',
    });
    expect(run('hello world')).toMatchObject({ kind: 'reject', reason: 'invalid record: unrecognised text line' });
  });
});
