import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeMessage } from '../message/message.normalizer';
import { createCustomAdapter } from './custom.adapter';
import { CustomMappingError } from './custom-mapping.schema';

const dir = fileURLToPath(new URL('../../../../test/fixtures/crafted/', import.meta.url));
const mapping = JSON.parse(readFileSync(`${dir}custom-mapping.json`, 'utf8')) as object;
const lines = readFileSync(`${dir}custom.jsonl`, 'utf8').split('\n').filter(Boolean);

describe('custom mapping adapter', () => {
  it('maps fields by path, with units, and identifies by the configured sources in order', () => {
    const adapter = createCustomAdapter(mapping);
    const [first, second, third] = lines.map((line) => normalizeMessage(line, adapter, { fingerprintKey: 'k', now: Date.UTC(2026, 0, 1) })[0]!.result);
    expect(first).toMatchObject({
      kind: 'ok',
      value: {
        gateway: 'acme-edge',
        ts: 1761000000500,
        ip: '8.8.4.4',
        method: 'GET',
        path: '/api/reports/2025-10-20/export',
        route: '/api/reports/{id}/export',
        bytes: 1048576,
        latencyMs: 250,
        userAgent: 'PostmanRuntime/7.39.0',
        service: 'reports',
        token: { kind: 'api_key', hint: '1111' },
      },
    });
    expect(second).toMatchObject({ kind: 'ok', value: { token: { kind: 'jwt_sub', hint: 'user-4711' }, consumer: 'acme' } });
    expect(third).toMatchObject({ kind: 'ok', value: { token: { kind: 'credential_id', hint: 'kid_123' } } });
  });

  it('fails fast on a bad mapping, naming every problem', () => {
    expect(() => createCustomAdapter({ ts: 'time' })).toThrow(CustomMappingError);
    expect(() => createCustomAdapter({ ts: { path: 'time', unit: 'fortnights' }, credential: [{ path: 'k', kind: 'password' }], extra: 1 })).toThrow(
      /ts|credential|extra/,
    );
  });
});
