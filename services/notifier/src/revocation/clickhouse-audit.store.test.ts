import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertAccessEvents, listRevocationAudit } from '@tokenwatch/clickhouse';
import { createTestClickHouse, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { createClickHouseLedgerBackend } from '../delivery/clickhouse.ledger';
import { DeliveryLedger } from '../delivery/delivery.ledger';
import { clickHouseTokenLookup } from '../notifier.service';
import { RevocationPolicyConfig } from '../routing/routing-file.schema';
import { FP_1, FP_2, makeAlert } from '../testing/alerts.fixture';
import { startReceiver, type Receiver } from '../testing/http-receiver';
import { ManualClock } from '../testing/manual-clock';
import { createKongRevoker } from './kong-admin.revoker';
import { createClickHouseAuditStore } from './revocation-audit.store';
import { createRevocationEngine, decisionIdFor } from './revocation.engine';

/** The audit trail and the delivery ledger on the real embedded ClickHouse (chDB), migration 003 applied. */
let ch: TestClickHouse;
let kong: Receiver;
beforeAll(async () => {
  ch = await createTestClickHouse();
  kong = await startReceiver({ respond: { status: 204 } });
}, 60_000);
afterAll(async () => {
  await kong?.close();
  await ch?.dispose();
});
beforeEach(() => {
  kong.requests.length = 0;
});

const policy = RevocationPolicyConfig.parse({ minSeverity: 'high', minScore: 0.8, maxPerHour: 10 });
const profile = { consumer: 'acme', labels: {}, kind: 'credential_id', credentialId: null };
const alert = (id: string, fp = FP_1) => makeAlert({ id, severity: 'critical', score: 0.95, token: { fp, hint: `cred-${id}` } });
const engine = (mode: 'log' | 'enforce', clock: ManualClock) =>
  createRevocationEngine({
    mode,
    policy,
    revoker: createKongRevoker({ adminUrl: kong.url, timeoutMs: 1_000, clock }),
    audit: createClickHouseAuditStore(ch),
    clock,
  });

describe('revocation audit in ClickHouse', () => {
  it('records every decision, including the would-be action of log mode', async () => {
    const clock = new ManualClock(Date.now());
    const log = engine('log', clock);
    await log.start();
    await log.considerAll([
      { alert: alert('L1'), profile },
      { alert: { ...alert('L2'), severity: 'low' }, profile },
    ]);
    const rows = await listRevocationAudit(ch, { limit: 10 });
    expect(rows.map((r) => [r.alert_id, r.mode, r.verdict, r.outcome, r.action])).toEqual([
      ['L2', 'log', 'skip', 'skipped', ''],
      ['L1', 'log', 'revoke', 'would_revoke', 'DELETE /consumers/acme/key-auth/cred-L1'],
    ]);
    expect(rows[1]).toMatchObject({ decision_id: decisionIdFor('L1'), token_fp: FP_1, consumer: 'acme', revoker: 'kong', severity: 'critical', score: 0.95 });
    expect(kong.requests).toEqual([]);
  });

  it('enforce: one call per decision across a restart; the hourly count and the revoked tokens come back', async () => {
    const clock = new ManualClock(Date.now());
    const first = engine('enforce', clock);
    await first.start();
    clock.advance(1);
    await first.considerAll([{ alert: alert('E1', FP_2), profile }]);
    const restarted = engine('enforce', clock);
    await restarted.start();
    expect(restarted.isRevoked(FP_2)).toBe(true);
    const [again] = (await restarted.considerAll([{ alert: alert('E1', FP_2), profile }])).values();
    expect(again).toMatchObject({ duplicate: true, outcome: 'revoked' });
    expect(kong.requests).toHaveLength(1);
    const rows = await listRevocationAudit(ch, { tokenFp: FP_2, limit: 10 });
    expect(rows.map((r) => r.outcome)).toEqual(['revoked', 'pending']);
    expect(await createClickHouseAuditStore(ch).countActions('enforce', clock.now() - 3_600_000)).toBe(1);
  });
});

describe('delivery ledger in ClickHouse', () => {
  it('remembers outcomes per alert, transport and state; the latest wins; pending alerts come back with their Alert', async () => {
    const backend = createClickHouseLedgerBackend(ch);
    const ledger = new DeliveryLedger(backend);
    const a = makeAlert({ id: 'D1' });
    const base = { alertId: 'D1', channel: 'slack' as const, state: 'firing' as const, tokenFp: FP_1, route: 'r' };
    const t = Date.now(); // rows older than the 30-day TTL would be dropped
    ledger.record([{ ...base, outcome: 'pending', at: t, alert: a }]);
    await ledger.flush();
    expect(await backend.pending(t - 1_000)).toEqual([{ ...base, outcome: 'pending', at: t, alert: a }]);
    ledger.record([
      { ...base, outcome: 'sent', at: t + 1 },
      { ...base, channel: 'pagerduty', outcome: 'dead_lettered', at: t + 1 },
    ]);
    await ledger.flush();
    expect(await backend.pending(0)).toEqual([]);
    const fresh = new DeliveryLedger(backend); // a restarted process: nothing in memory
    const found = await fresh.lookup([base, { ...base, channel: 'pagerduty' }, { ...base, state: 'resolved' }]);
    expect([...found.values()].map((e) => `${e.channel}:${e.outcome}`).sort()).toEqual(['pagerduty:dead_lettered', 'slack:sent']);
  });

  it('looks a token up in the latest access event (kind, consumer, credential id)', async () => {
    const ts = Date.now() - 60_000;
    const event = (id: string, at: number, kind: 'credential_id' | 'api_key', hint: string) => ({
      id,
      ts: at,
      gateway: 'kong',
      token: { fp: FP_1, hint, kind },
      ip: null,
      method: 'GET',
      route: '/v1/x',
      path: '/v1/x',
      status: 200,
      bytes: 1,
      latencyMs: 1,
      userAgent: null,
      consumer: 'acme',
      service: 'users',
      geo: null,
    });
    await insertAccessEvents(ch, [event('ev1', ts, 'api_key', '1234'), event('ev2', ts + 1_000, 'credential_id', 'cred-77')]);
    expect(await clickHouseTokenLookup(ch)(FP_1)).toEqual({ kind: 'credential_id', consumer: 'acme', credentialId: 'cred-77' });
    expect(await clickHouseTokenLookup(ch)(FP_2)).toBeUndefined();
  });
});
