import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccessEvent, StepResult } from '@tokenwatch/contracts';
import { normalizeMessage } from '../message/message.normalizer';
import { createEnvoyAdapter } from './envoy.adapter';

const crafted = fileURLToPath(new URL('../../../../test/fixtures/crafted/envoy-json-format.jsonl', import.meta.url));
const lines = readFileSync(crafted, 'utf8').split('\n').filter(Boolean);
const run = (line: string, adapter = createEnvoyAdapter()): StepResult<AccessEvent> =>
  normalizeMessage(line, adapter, { fingerprintKey: 'k', now: Date.UTC(2026, 0, 1) })[0]!.result;

describe('envoy adapter', () => {
  it('reads plain json_format (all strings, "-" for unset) with an operator-added x-api-key', () => {
    const result = run(lines[0]!);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.value).toMatchObject({
      ts: Date.parse('2025-10-20T22:40:00.123Z'),
      ip: '2001:4860:4860::8844',
      method: 'GET',
      path: '/v2/items/123456',
      route: '/v2/items/{id}',
      status: 200,
      bytes: 466,
      latencyMs: 7,
      userAgent: 'axios/1.7.2',
      service: 'httproute/default/items/rule/0',
      token: { kind: 'api_key', hint: '1234' },
    });
    // x-request-id can be set by clients: the id is a hash of the record, not the header
    expect(result.value.id).toMatch(/^envoy-[0-9a-f]{32}$/);
  });

  it('rejects an impossible downstream address', () => {
    expect(run(lines[1]!)).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/^invalid client ip/) });
  });

  it('uses configured credential sources instead of the defaults', () => {
    const adapter = createEnvoyAdapter({ credentialSources: [{ path: 'consumer', kind: 'consumer' }] });
    const record = { start_time: '2025-10-20T22:40:00Z', consumer: 'team-a', 'x-api-key': 'ignored-key-0000000', downstream_remote_address: '81.2.69.142:1' };
    expect(run(JSON.stringify(record), adapter)).toMatchObject({ kind: 'ok', value: { token: { kind: 'consumer', hint: 'team-a' } } });
  });

  it('typed JSON: numbers and null', () => {
    const record = {
      start_time: '2025-10-20T22:40:00Z',
      response_code: 0,
      bytes_sent: null,
      duration: 12,
      downstream_remote_address: '81.2.69.142:0',
      authorization: 'Bearer opaque-0123456789abc',
    };
    expect(run(JSON.stringify(record))).toMatchObject({
      kind: 'ok',
      value: { status: 0, bytes: null, latencyMs: 12, token: { kind: 'bearer', hint: '9abc' } },
    });
  });
});
