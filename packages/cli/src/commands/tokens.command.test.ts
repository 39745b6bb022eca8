import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertAccessEvents } from '@tokenwatch/clickhouse';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import type { AccessEvent } from '@tokenwatch/contracts';
import { exampleAccessEvent } from '@tokenwatch/contracts/testing';
import { TokenPolicyError } from '@tokenwatch/lifecycle';
import { loadConfig } from '../config/load-config';
import { tokensCommand } from './tokens.command';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const OLD = 'a1'.repeat(16);
const FRESH = 'b2'.repeat(16);
const QUIET = 'c3'.repeat(16);

const event = (id: string, fp: string, ts: number, consumer: string): AccessEvent =>
  exampleAccessEvent(id, fp, ts, { bytes: 100, latencyMs: 5, consumer, geo: null });

describe('tokenwatch tokens', () => {
  let ch: TestClickHouse;
  let out = '';
  beforeAll(async () => {
    ch = await createTestClickHouse({ migrate: { accessEventsTtlDays: 3650 } });
    process.env['CLICKHOUSE_PATH'] = ch.dataPath;
    process.env['CLICKHOUSE_DATABASE'] = ch.database;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    await insertAccessEvents(ch, [
      event('o1', OLD, NOW - 120 * DAY, 'billing'),
      event('o2', OLD, NOW - DAY, 'billing'),
      event('f1', FRESH, NOW - 5 * DAY, 'ci-runner'),
      event('f2', FRESH, NOW - 60_000, 'ci-runner'),
      event('q1', QUIET, NOW - 50 * DAY, 'reports'),
    ]);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    delete process.env['CLICKHOUSE_PATH'];
    delete process.env['CLICKHOUSE_DATABASE'];
    delete process.env['TOKENWATCH_TOKEN_POLICY'];
    delete process.env['TOKENWATCH_WEBHOOK_URL'];
    delete process.env['TOKENWATCH_WEBHOOK_SECRET'];
    await ch?.dispose();
  });

  it('lists every token with its lifecycle under the default policy', async () => {
    out = '';
    expect(await tokensCommand(['--sort', 'last_seen'], loadConfig(process.env), { now: NOW })).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TOKEN\s+HINT\s+CONSUMER\s+KIND\s+FIRST SEEN\s+AGE\s+IDLE\s+POLICY\s+STATE\s+ROTATE BY\s+LONG-LIVED\s+SHARED\s+RISK$/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 9))).toEqual([
      [FRESH.slice(0, 16), '…x9Qz', 'ci-runner', 'api_key', '2026-11-15', '5d', '0d', 'default', 'ok'],
      [OLD.slice(0, 16), '…x9Qz', 'billing', 'api_key', '2026-07-23', '120d', '1d', 'default', 'rotation_overdue'],
      [QUIET.slice(0, 16), '…x9Qz', 'reports', 'api_key', '2026-10-01', '50d', '50d', 'default', 'dormant'],
    ]);
    expect(lines[2]).toMatch(/2026-10-21\s+yes\s+no\s+\d+$/);
  });

  it('--due keeps tokens past or near policy; --csv writes the export; the policy file decides', async () => {
    const policy = join(ch.dataPath, 'policy.json');
    writeFileSync(policy, JSON.stringify({ rules: [{ name: 'ci', match: { consumer: 'ci-*' }, rotateEveryDays: 7, rotationWarningDays: 3 }] }));
    process.env['TOKENWATCH_TOKEN_POLICY'] = policy;
    out = '';
    expect(await tokensCommand(['--due', '--csv'], loadConfig(process.env), { now: NOW })).toBe(0);
    const csv = out.trimEnd().split('\r\n');
    expect(csv[0]).toMatch(/^fingerprint,hint,kind,consumer,first_seen,last_seen,age_days,idle_days,policy,policy_state,/);
    expect(
      csv.slice(1).map((l) =>
        l
          .split(',')
          .slice(0, 10)
          .filter((_, i) => [0, 3, 8, 9].includes(i)),
      ),
    ).toEqual([
      [OLD, 'billing', 'default', 'rotation_overdue'],
      [QUIET, 'reports', 'default', 'dormant'],
      [FRESH, 'ci-runner', 'ci', 'rotation_due'],
    ]);

    writeFileSync(policy, JSON.stringify({ default: { maxAgeDays: 0 } }));
    await expect(tokensCommand([], loadConfig(process.env), { now: NOW })).rejects.toThrow(
      new TokenPolicyError(`${policy}: default.maxAgeDays: Too small: expected number to be >0`),
    );
    await expect(tokensCommand(['--sort', 'age'], loadConfig(process.env), { now: NOW })).rejects.toThrow('--sort takes risk, last_seen, volume, got "age"');
  });

  it('--notify sends the digest of tokens past policy to the signed webhook', async () => {
    delete process.env['TOKENWATCH_TOKEN_POLICY'];
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await expect(tokensCommand(['--notify'], loadConfig(process.env), { now: NOW })).rejects.toThrow(
        '--notify needs TOKENWATCH_SLACK_WEBHOOK_URL or TOKENWATCH_WEBHOOK_URL',
      );
      process.env['TOKENWATCH_WEBHOOK_URL'] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/digest`;
      process.env['TOKENWATCH_WEBHOOK_SECRET'] = 'digest-secret-0123456789';
      out = '';
      expect(await tokensCommand(['--notify'], loadConfig(process.env), { now: NOW })).toBe(0);
      expect(out).toBe('digest policy-digest-2026-11-20 (2 tokens) -> webhook: sent\n');
      const digest = JSON.parse(bodies[0]!);
      expect(digest.tokens.map((t: { fp: string; conditions: string[] }) => [t.fp, t.conditions])).toEqual([
        [OLD, ['rotation_overdue']],
        [QUIET, ['dormant']],
      ]);
    } finally {
      server.close();
    }
  });
});
