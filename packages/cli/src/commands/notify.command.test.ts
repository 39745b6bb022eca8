import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixturePath, receiverEnv, startReceivers, type Receivers } from '@tokenwatch/notifier/testing';
import { UsageError } from '../cli-error';
import { notifyCommand } from './notify.command';
import { loadConfig } from '../config/load-config';

let r: Receivers;
let env: Record<string, string>;
let stderr: string[];
let stdout: string[];
const FP2 = 'feedface01234567'.repeat(4);

beforeAll(async () => {
  r = await startReceivers();
  env = receiverEnv(r, JSON.parse(readFileSync(fixturePath('routing.example.json'), 'utf8')));
  Object.assign(process.env, env);
});
afterAll(async () => {
  vi.restoreAllMocks();
  for (const key of Object.keys(env)) delete process.env[key];
  await r.close();
});
beforeEach(() => {
  r.reset();
  stderr = [];
  stdout = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
});

describe('tokenwatch notify --alerts', () => {
  it('delivers a file in event time, reports invalid lines by number, audits the would-be revocation', async () => {
    const audit = join(env.TOKENWATCH_HOME!, 'audit.ndjson');
    expect(await notifyCommand(['--alerts', fixturePath('alerts.ndjson'), '--audit', audit], loadConfig(process.env))).toBe(0);
    expect(stderr.filter((l) => l.startsWith('{"line"')).map((l) => JSON.parse(l))).toEqual([
      { line: 3, reason: 'invalid JSON' },
      { line: 4, reason: expect.stringMatching(/^not an Alert v1: token\.fp: /) },
    ]);
    expect(r.slack.requests).toHaveLength(4); // al-0001, al-0003 (page), al-0002 after its window, resolve
    expect(r.pagerduty.requests.map((q) => (q.json as { event_action: string }).event_action)).toEqual(['trigger']);
    expect(r.webhook.requests).toHaveLength(5); // and 5 OCSF findings: 15 messages
    expect(r.kong.requests).toEqual([]); // log mode
    expect(r.problems()).toEqual([]);
    const rows = readFileSync(audit, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.filter((row) => row.outcome === 'would_revoke')).toMatchObject([
      { alert_id: 'al-0003', token_fp: FP2, action: 'DELETE /consumers/acme/key-auth/cred-2' },
    ]);
    expect(stderr.join('')).toMatch(/notify: 5 alerts, 15 messages sent, 0 dead-lettered.*2 invalid lines skipped — done/);
    expect(existsSync(join(env.TOKENWATCH_HOME!, 'findings.ocsf.ndjson'))).toBe(true);
  });

  it('a second run over the same file sends nothing: the ledger remembers', async () => {
    expect(
      await notifyCommand(['--alerts', fixturePath('alerts.ndjson'), '--audit', join(env.TOKENWATCH_HOME!, 'audit.ndjson')], loadConfig(process.env)),
    ).toBe(0);
    expect(r.slack.requests.length + r.pagerduty.requests.length + r.webhook.requests.length).toBe(0);
    expect(stderr.join('')).toMatch(/deliveries were already done according to .*ledger\.ndjson/);
  });

  it('manages the shared silences in ClickHouse, and notify honours them', async () => {
    expect(await notifyCommand(['silence', 'add', '--token', FP2, '--for', '2h', '--comment', 'pen test', '--by', 'sam'], loadConfig(process.env))).toBe(0);
    const added = JSON.parse(stdout.join(''));
    expect(added).toMatchObject({ matchers: { token: FP2 }, comment: 'pen test', createdBy: 'cli:sam' });
    expect(added.endsAt - added.startsAt).toBe(7_200_000);
    stdout.length = 0;
    expect(await notifyCommand(['silence', 'list'], loadConfig(process.env))).toBe(0);
    expect(stdout.map((l) => JSON.parse(l))).toMatchObject([{ id: added.id, status: 'active' }]);

    // al-0003 (FP2, the only alert that pages) is now silenced for Slack and PagerDuty.
    expect(
      await notifyCommand(
        ['--alerts', fixturePath('alerts.ndjson'), '--ledger', join(env.TOKENWATCH_HOME!, 'silenced-ledger.ndjson'), '--time', 'wall'],
        loadConfig(process.env),
      ),
    ).toBe(0);
    expect(r.pagerduty.requests).toEqual([]);
    expect(stderr.join('')).toMatch(/[1-9]\d* silenced/);

    expect(await notifyCommand(['silence', 'remove', added.id], loadConfig(process.env))).toBe(0);
    expect(await notifyCommand(['silence', 'remove', added.id], loadConfig(process.env))).toBe(0); // already ended: nothing to do
    expect(stderr.join('')).toMatch(/had already ended/);
    expect(await notifyCommand(['silence', 'remove', 'no-such-id'], loadConfig(process.env))).toBe(1);
    stdout.length = 0;
    expect(await notifyCommand(['silence', 'list'], loadConfig(process.env))).toBe(0);
    expect(stdout).toEqual([]);
    expect(await notifyCommand(['silence', 'list', '--all'], loadConfig(process.env))).toBe(0);
    expect(stdout.map((l) => JSON.parse(l))).toMatchObject([{ id: added.id, status: 'expired', expiredBy: expect.stringMatching(/^cli:/) }]);
  });

  it('reads silences from a JSON file with --silences FILE (no ClickHouse)', async () => {
    const file = join(env.TOKENWATCH_HOME!, 'silences.json');
    writeFileSync(file, JSON.stringify({ version: 2, silences: [{ matchers: { token: FP2 }, startsAt: Date.now() - 1_000, endsAt: Date.now() + 3_600_000 }] }));
    const args = ['--alerts', fixturePath('alerts.ndjson'), '--silences', file, '--ledger', join(env.TOKENWATCH_HOME!, 'file-ledger.ndjson'), '--time', 'wall'];
    expect(await notifyCommand(args, loadConfig(process.env))).toBe(0);
    expect(r.pagerduty.requests).toEqual([]);
  });

  it.each([
    [[]],
    [['--alerts']],
    [['--alerts', 'f', 'extra']],
    [['--alerts', 'f', '--time', 'soon']],
    [['--nope']],
    [['silence']],
    [['silence', 'add', '--for', '1h']],
    [['silence', 'add', '--token', 'sk_live_raw_key', '--for', '1h']],
    [['silence', 'add', '--signal', 'weird', '--for', '1h']],
    [['silence', 'add', '--consumer', 'acme']],
    [['silence', 'add', '--consumer', 'acme', '--for', '91d']],
  ])('rejects %j as a usage error', async (args) => {
    await expect(notifyCommand(args, loadConfig(process.env))).rejects.toBeInstanceOf(UsageError);
  });
});
