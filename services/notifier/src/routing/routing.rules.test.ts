import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tokenwatch/config';
import type { TokenProfile, TransportName } from '../notifier.types';
import { FP_1, FP_2, fixturePath, makeAlert } from '../testing/alerts.fixture';
import { defaultRouting, parseRoutingFile } from './routing-file.schema';
import { routeAlert } from './routing.rules';
import { createProfileResolver } from './token-profile';

const all = new Set<TransportName>(['slack', 'pagerduty', 'webhook', 'ocsf']);
const profile = (p: Partial<TokenProfile> = {}): TokenProfile => ({ consumer: null, labels: {}, kind: null, credentialId: null, ...p });

const routing = parseRoutingFile(
  JSON.stringify({
    version: 1,
    defaults: { groupWindow: '2m', repeatInterval: '1h' },
    routes: [
      { name: 'siem', to: ['webhook', 'ocsf'], continue: true },
      { name: 'page', match: { minSeverity: 'critical' }, to: ['pagerduty', 'slack'], repeatInterval: '30m' },
      { name: 'geo', match: { signals: ['impossible_travel', 'new_country'], minScore: 0.5 }, to: ['slack'], groupWindow: 600_000 },
      { name: 'payments', match: { labels: { team: 'payments' } }, to: ['slack', 'pagerduty'] },
      { name: 'vip', match: { tokens: [FP_2], consumers: ['acme'] }, to: ['pagerduty'] },
    ],
    tokens: { [FP_1]: { consumer: 'billing', credentialId: 'cred-9' } },
    consumers: { billing: { labels: { team: 'payments' } } },
  }),
);

const names = (targets: ReturnType<typeof routeAlert>) => targets.map((t) => `${t.route}:${t.transport}`);

describe('routing rules', () => {
  it('walks routes in order, continue keeps going, first other match wins', () => {
    const critical = makeAlert({ id: 'c', severity: 'critical', token: { fp: FP_2, hint: null } });
    expect(names(routeAlert(routing, critical, profile(), all))).toEqual(['siem:webhook', 'siem:ocsf', 'page:pagerduty', 'page:slack']);
    const geo = makeAlert({
      id: 'g',
      token: { fp: FP_2, hint: null },
      signals: [{ type: 'new_country', score: 0.6, observed: 'BR', expected: ['DE'], detail: 'First request from BR.' }],
    });
    const targets = routeAlert(routing, geo, profile(), all);
    expect(names(targets)).toEqual(['siem:webhook', 'siem:ocsf', 'geo:slack']);
    expect(targets[2]).toMatchObject({ groupWindowMs: 600_000, repeatIntervalMs: 3_600_000 });
  });

  it('matches labels of the consumer and tokens + consumers together', () => {
    const high = makeAlert({ id: 'h' });
    expect(names(routeAlert(routing, high, profile({ consumer: 'billing', labels: { team: 'payments' } }), all))).toContain('payments:pagerduty');
    const vip = makeAlert({ id: 'v', token: { fp: FP_2, hint: null } });
    expect(names(routeAlert(routing, vip, profile({ consumer: 'acme' }), all))).toContain('vip:pagerduty');
    expect(names(routeAlert(routing, vip, profile({ consumer: 'other' }), all))).toEqual(['siem:webhook', 'siem:ocsf']);
  });

  it('skips transports that are not configured', () => {
    const critical = makeAlert({ id: 'c', severity: 'critical' });
    expect(names(routeAlert(routing, critical, profile(), new Set(['slack'])))).toEqual(['page:slack']);
  });

  it('defaults: everything to every transport, 5 minute groups, 4 hour repeats', () => {
    const targets = routeAlert(defaultRouting(), makeAlert({ id: 'x', severity: 'low' }), profile(), all);
    expect(names(targets)).toEqual(['default:slack', 'default:pagerduty', 'default:webhook', 'default:ocsf']);
    expect(targets[0]).toMatchObject({ groupWindowMs: 300_000, repeatIntervalMs: 14_400_000 });
  });

  it('resolves profiles: routing file entry and consumer labels over the lookup', async () => {
    const resolve = createProfileResolver(
      routing,
      async (fp) => (fp === FP_1 ? { consumer: 'ignored', kind: 'credential_id', labels: { env: 'prod' } } : { consumer: 'acme' }),
      () => 0,
    );
    expect(await resolve(FP_1)).toEqual({ consumer: 'billing', labels: { team: 'payments', env: 'prod' }, kind: 'credential_id', credentialId: 'cred-9' });
    expect(await resolve(FP_2)).toEqual({ consumer: 'acme', labels: {}, kind: null, credentialId: null });
  });

  it('accepts the README example routing file', () => {
    const example = parseRoutingFile(readFileSync(fixturePath('routing.example.json'), 'utf8'));
    expect(example.routes.map((r) => r.name)).toEqual(['siem', 'page', 'payments', 'soc']);
    expect(example.revocation).toMatchObject({ maxPerHour: 5, protectedConsumers: ['internal-batch'] });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['unknown transport', JSON.stringify({ version: 1, routes: [{ name: 'a', to: ['email'] }] }), /routes\.0\.to\.0/],
    ['bad duration', JSON.stringify({ version: 1, routes: [{ name: 'a', to: ['slack'], groupWindow: 'soon' }] }), /"soon" is not a duration/],
    [
      'duplicate names',
      JSON.stringify({
        version: 1,
        routes: [
          { name: 'a', to: ['slack'] },
          { name: 'a', to: ['slack'] },
        ],
      }),
      /duplicate route name "a"/,
    ],
    ['unknown field', JSON.stringify({ version: 1, routes: [{ name: 'a', to: ['slack'], match: { severty: ['high'] } }] }), /routes\.0\.match/],
    [
      'bad fingerprint',
      JSON.stringify({ version: 1, routes: [{ name: 'a', to: ['slack'] }], revocation: { protectedTokens: ['sk_live_raw'] } }),
      /revocation\.protectedTokens\.0/,
    ],
  ])('rejects a routing file with %s, naming the place', (_what, text, message) => {
    expect(() => parseRoutingFile(text)).toThrow(ConfigError);
    expect(() => parseRoutingFile(text)).toThrow(message);
  });
});
