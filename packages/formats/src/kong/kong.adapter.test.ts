import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccessEvent, StepResult } from '@tokenwatch/contracts';
import { normalizeJsonMessage } from '../message/message.normalizer';
import { kongAdapter } from './kong.adapter';

const KEY = 'test-fingerprint-key';
const samples = (name: string): string[] =>
  readFileSync(fileURLToPath(new URL(`../../../../test/fixtures/gateway-samples/${name}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

const normalizeLine = (line: string): StepResult<AccessEvent> => normalizeJsonMessage(line, kongAdapter, { fingerprintKey: KEY })[0]!.result;

describe('kong adapter on upstream samples', () => {
  const [anonymous, withConsumer, kong1] = samples('kong.jsonl');

  it('rejects a record without a credential', () => {
    expect(normalizeLine(anonymous!)).toEqual({ kind: 'reject', reason: 'no credential' });
  });

  it('maps a 2.x record with a credential id', () => {
    const result = normalizeLine(withConsumer!);
    if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    const event = result.value;
    expect(event.token.kind).toBe('credential_id');
    expect(event.token.hint).toBe('c62c1455-9b1d-4f2d-8797-509ba83b8ae8');
    expect(event.token.fp).toMatch(/^[0-9a-f]{64}$/);
    expect(event).toMatchObject({ ts: 1614232668342, ip: '192.168.144.1', method: 'GET', path: '/log', status: 200, consumer: 'foo' });
    expect(event.latencyMs).toBe(515);
    expect(event.id).toMatch(/^kong-[0-9a-f]{32}$/); // no request id in this sample: hash of the record
  });

  it('reads the string-typed sizes of Kong 1.x', () => {
    const result = normalizeLine(kong1!);
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.value.bytes).toBeGreaterThan(0);
    expect(result.value.service).toBe('myservice');
  });

  it('never lets the raw key of a legacy 0.x record through', () => {
    const [legacy] = samples('kong.legacy-0.x.jsonl');
    const result = normalizeLine(legacy!);
    expect(JSON.stringify(result)).not.toContain('2b64e2f0193851d4135a2e885cd08a65');
  });
});

describe('kong adapter on crafted records', () => {
  const base = {
    started_at: 1_700_000_000_000,
    client_ip: '203.0.113.9',
    request: { method: 'GET', uri: '/v1/users/42?apikey=sk_live_abcdefgh1234', headers: {}, querystring: { apikey: 'sk_live_abcdefgh1234' } },
    response: { status: 401, size: 10 },
  };

  it('fingerprints a query-string key, strips it from the path and keeps only 4 characters', () => {
    const result = normalizeLine(JSON.stringify(base));
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.value.token).toMatchObject({ kind: 'api_key', hint: '1234' });
    expect(result.value.path).toBe('/v1/users/42');
    expect(result.value.route).toBe('/v1/users/{id}');
    expect(JSON.stringify(result.value)).not.toContain('abcdefgh');
  });

  it('gives the same key the same fingerprint, and different keys different ones', () => {
    const a = normalizeLine(JSON.stringify(base));
    const b = normalizeLine(JSON.stringify({ ...base, client_ip: '198.51.100.1' }));
    const c = normalizeLine(JSON.stringify({ ...base, request: { ...base.request, querystring: { apikey: 'another-key-0000' } } }));
    if (a.kind !== 'ok' || b.kind !== 'ok' || c.kind !== 'ok') throw new Error('expected ok');
    expect(a.value.token.fp).toBe(b.value.token.fp);
    expect(a.value.token.fp).not.toBe(c.value.token.fp);
  });

  it('accepts a JSON array per message and reports each record', () => {
    const outcomes = normalizeJsonMessage(JSON.stringify([base, { nope: true }]), kongAdapter, { fingerprintKey: KEY });
    expect(outcomes.map((o) => o.result.kind)).toEqual(['ok', 'reject']);
    expect(outcomes[1]).toMatchObject({ index: 1, result: { reason: 'invalid timestamp: missing started_at' } });
  });

  it('fingerprints the 0.x raw authenticated_entity.key only when nothing else identifies the request', () => {
    const legacy = { ...base, request: { ...base.request, uri: '/get', querystring: {} }, authenticated_entity: { key: '2b64e2f0193851d4135a2e885cd08a65' } };
    const result = normalizeLine(JSON.stringify(legacy));
    expect(result).toMatchObject({ kind: 'ok', value: { token: { kind: 'api_key', hint: '8a65' } } });
    expect(JSON.stringify(result)).not.toContain('2b64e2f0193851d4135a2e885cd08a65');
  });

  it('resolves X-Forwarded-For behind a private client_ip', () => {
    const behindLb = { ...base, client_ip: '10.1.2.3', request: { ...base.request, headers: { 'x-forwarded-for': '6.6.6.6, 81.2.69.142' } } };
    expect(normalizeLine(JSON.stringify(behindLb))).toMatchObject({ kind: 'ok', value: { ip: '81.2.69.142' } });
  });

  it('rejects text that is not JSON', () => {
    expect(normalizeLine('not json {')).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/^invalid JSON/) });
  });
});
