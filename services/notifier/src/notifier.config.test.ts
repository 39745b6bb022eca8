import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tokenwatch/config';
import { enabledTransports, loadNotifierConfig } from './notifier.config';

const dir = mkdtempSync(join(tmpdir(), 'tw-config-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const problem = (env: Record<string, string>) => {
  try {
    loadNotifierConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadNotifierConfig', () => {
  it('turns on only what is set; revocation defaults to log; PagerDuty to the public endpoint', () => {
    const none = loadNotifierConfig({});
    expect(enabledTransports(none)).toEqual(new Set());
    expect(none.revocation).toMatchObject({ mode: 'log', explicitPolicy: false, policy: { minSeverity: 'critical', maxPerHour: 5 } });
    const some = loadNotifierConfig({
      TOKENWATCH_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      TOKENWATCH_PAGERDUTY_ROUTING_KEY: 'abc123',
      TOKENWATCH_WEBHOOK_URL: '',
    });
    expect(enabledTransports(some)).toEqual(new Set(['slack', 'pagerduty']));
    expect(some.pagerduty).toEqual({ routingKey: 'abc123', url: 'https://events.pagerduty.com/v2/enqueue' });
    expect(some.silencesFile).toBe(join('.tokenwatch', 'silences.json'));
  });

  it.each([
    [{ TOKENWATCH_SLACK_WEBHOOK_URL: 'hooks.slack.com/x' }, /TOKENWATCH_SLACK_WEBHOOK_URL: must be an http\(s\) URL/],
    [{ TOKENWATCH_WEBHOOK_URL: 'https://siem.example/in' }, /TOKENWATCH_WEBHOOK_SECRET: required when TOKENWATCH_WEBHOOK_URL is set/],
    [{ TOKENWATCH_WEBHOOK_URL: 'https://siem.example/in', TOKENWATCH_WEBHOOK_SECRET: 'short' }, /TOKENWATCH_WEBHOOK_SECRET: must be at least 16 characters/],
    [{ TOKENWATCH_REVOCATION_MODE: 'yes' }, /TOKENWATCH_REVOCATION_MODE/],
    [{ TOKENWATCH_REVOCATION_MODE: 'enforce' }, /enforce needs a revoker/],
    [{ TOKENWATCH_REVOCATION_URL: 'https://idp.example/revoke' }, /TOKENWATCH_REVOCATION_SECRET: required/],
    [
      { TOKENWATCH_REVOCATION_URL: 'https://idp.example/revoke', TOKENWATCH_REVOCATION_SECRET: 'x'.repeat(20), TOKENWATCH_KONG_ADMIN_URL: 'http://kong:8001' },
      /set one revoker, not both/,
    ],
    [{ TOKENWATCH_OCSF_TOPIC: 'findings', TOKENWATCH_OCSF_FILE: 'f.ndjson' }, /choose one OCSF output/],
    [{ TOKENWATCH_NOTIFY_TIMEOUT_MS: '-1' }, /TOKENWATCH_NOTIFY_TIMEOUT_MS/],
    [{ TOKENWATCH_ROUTING_FILE: join(dir, 'missing.json') }, /TOKENWATCH_ROUTING_FILE: cannot read/],
  ])('fails at start with a clear message: %j', (env, message) => {
    expect(problem(env as Record<string, string>)).toMatch(message);
  });

  it('enforce needs an explicit policy in the routing file', () => {
    const withoutPolicy = file('no-policy.json', { version: 1, routes: [{ name: 'a', to: ['slack'] }] });
    const base = { TOKENWATCH_REVOCATION_MODE: 'enforce', TOKENWATCH_KONG_ADMIN_URL: 'http://kong:8001' };
    expect(problem({ ...base, TOKENWATCH_ROUTING_FILE: withoutPolicy })).toMatch(/needs an explicit policy/);
    const withPolicy = file('policy.json', {
      version: 1,
      routes: [{ name: 'a', to: ['slack'] }],
      revocation: { maxPerHour: 2, protectedConsumers: ['internal'] },
    });
    const config = loadNotifierConfig({ ...base, TOKENWATCH_ROUTING_FILE: withPolicy, TOKENWATCH_KONG_ADMIN_TOKEN: 'admin' });
    expect(config.revocation).toMatchObject({
      mode: 'enforce',
      explicitPolicy: true,
      kong: { adminUrl: 'http://kong:8001', adminToken: 'admin' },
      policy: { maxPerHour: 2, protectedConsumers: ['internal'] },
    });
  });

  it('reports a broken routing file with its path and the place of the problem', () => {
    const broken = file('broken.json', { version: 1, routes: [{ name: 'a', to: ['sms'] }] });
    expect(problem({ TOKENWATCH_ROUTING_FILE: broken })).toMatch(/^invalid routing file .*broken\.json: routes\.0\.to\.0: /);
  });
});
