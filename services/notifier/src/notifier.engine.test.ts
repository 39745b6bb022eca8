import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '@tokenwatch/contracts';
import { createMetricsRegistry } from '@tokenwatch/observability';
import { createFileLedgerBackend, DeliveryLedger } from './delivery/delivery.ledger';
import { assembleNotifier } from './notifier.assembly';
import { notifyAlerts } from './notify-alerts';
import { createMemorySilenceStore } from './silences/silence.store';
import { FP_1, makeAlert } from './testing/alerts.fixture';
import { ManualClock } from './testing/manual-clock';
import { harnessParts, loadConfig, receiverEnv, startReceivers, type Receivers } from './testing/notifier.harness';

let r: Receivers;
beforeAll(async () => {
  r = await startReceivers();
});
afterAll(() => r.close());
beforeEach(() => r.reset());

const routing = { version: 1, defaults: { groupWindow: '5m', repeatInterval: '1h' }, routes: [{ name: 'oncall', to: ['slack', 'pagerduty'] }] };
const env = () => receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'disabled' });
const pd = () =>
  r.pagerduty.requests.map((q) => q.json as { event_action: string; dedup_key: string; payload?: { custom_details: { alerts: Array<{ id: string }> } } });
const at = (alert: Partial<Alert> & { id: string }, ts: number) => makeAlert({ ...alert, ts });

describe('grouping over time (wall clock)', () => {
  it('holds alerts of the window, sends them together after it, repeats, and resolves once', async () => {
    const clock = new ManualClock(Date.now());
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const { engine } = assembleNotifier({ ...harnessParts(loadConfig(env())), clock, registry, silences: createMemorySilenceStore() });
    const t0 = clock.now();
    await engine.handle([at({ id: 'a1' }, t0)]);
    clock.advance(60_000);
    await engine.handle([at({ id: 'a2' }, clock.now())]);
    clock.advance(60_000);
    await engine.handle([at({ id: 'a3', severity: 'medium' }, clock.now())]);
    expect(pd()).toHaveLength(1);
    clock.advance(180_000);
    await engine.tick();
    expect(pd().map((e) => e.payload?.custom_details.alerts.map((a) => a.id))).toEqual([['a1'], ['a2', 'a3']]);
    clock.advance(3_600_000);
    await engine.tick();
    expect(r.slack.requests).toHaveLength(3);
    expect(JSON.stringify(r.slack.requests[2]!.json)).toContain('(still firing)');
    await engine.handle(['a1', 'a2', 'a3'].map((id) => ({ ...at({ id }, clock.now()), state: 'resolved' as const })));
    expect(pd().map((e) => `${e.event_action} ${e.dedup_key}`)).toEqual([
      ...Array.from({ length: 3 }, () => `trigger tokenwatch/oncall/${FP_1}`),
      `resolve tokenwatch/oncall/${FP_1}`,
    ]);
    expect(r.problems()).toEqual([]);
    const metrics = await registry.getMetricsAsJSON();
    const sent = metrics.find((m) => m.name === 'tokenwatch_notifier_notifications_total')!.values;
    expect(sent).toEqual(expect.arrayContaining([{ labels: { transport: 'slack', outcome: 'sent' }, value: 4 }]));
    expect(JSON.stringify(metrics)).not.toContain(FP_1);
  });

  it('resumes held alerts after a restart from the ledger, without sending the announced ones again', async () => {
    const clock = new ManualClock(Date.now());
    const path = join(mkdtempSync(join(tmpdir(), 'tw-ledger-')), 'ledger.ndjson');
    const config = loadConfig(env());
    const first = assembleNotifier({
      ...harnessParts(config),
      clock,
      ledger: new DeliveryLedger(createFileLedgerBackend(path)),
      silences: createMemorySilenceStore(),
    });
    await first.engine.handle([at({ id: 'k1' }, clock.now())]);
    clock.advance(10_000);
    await first.engine.handle([at({ id: 'k2' }, clock.now()), at({ id: 'k1' }, clock.now())]);
    expect(pd()).toHaveLength(1);

    const second = assembleNotifier({
      ...harnessParts(config),
      clock,
      ledger: new DeliveryLedger(createFileLedgerBackend(path)),
      silences: createMemorySilenceStore(),
    });
    expect(await second.engine.recover(0)).toBe(2); // k2 on slack and pagerduty
    expect((await second.engine.handle([at({ id: 'k1' }, clock.now()), at({ id: 'k2' }, clock.now())])).duplicates).toBe(4);
    clock.advance(300_000);
    await second.engine.tick();
    expect(pd().map((e) => e.payload?.custom_details.alerts.map((a) => a.id))).toEqual([['k1'], ['k2']]);
  });
});

describe('notifyAlerts in event time', () => {
  it('groups a file of past alerts as it would have been grouped live', async () => {
    const T = Date.UTC(2026, 0, 10, 9, 0, 0);
    const alerts = [
      at({ id: 'e1' }, T),
      at({ id: 'e2' }, T + 60_000),
      at({ id: 'e3' }, T + 600_000),
      ...['e1', 'e2', 'e3'].map((id) => ({ ...at({ id }, T + 1_200_000), state: 'resolved' as const })),
    ];
    const report = await notifyAlerts(alerts, { ...harnessParts(loadConfig(env())), silences: createMemorySilenceStore() });
    expect(report).toMatchObject({ alerts: 6, sent: 6, deadLettered: 0 });
    expect(pd().map((e) => `${e.event_action}:${(e.payload?.custom_details.alerts ?? []).map((a) => a.id).join(',')}`)).toEqual([
      'trigger:e1',
      'trigger:e2,e3',
      'resolve:',
    ]);
    expect(r.problems()).toEqual([]);
  });
});
