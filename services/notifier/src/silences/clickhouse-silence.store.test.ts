import { describe, expect, it } from 'vitest';
import { createClickHouse, createSilence, expireSilence, migrate, type ClickHouse } from '@tokenwatch/clickhouse';
import { randomDatabaseName, type TestClickHouse } from '@tokenwatch/clickhouse/testing';
import { assembleNotifier } from '../notifier.assembly';
import { FP_1, FP_2, makeAlert } from '../testing/alerts.fixture';
import { withClickHouseAndReceivers } from '../testing/clickhouse-and-receivers.hooks';
import { ManualClock } from '../testing/manual-clock';
import { harnessParts, loadConfig, receiverEnv, type Receivers } from '../testing/notifier.harness';
import { createClickHouseSilenceStore } from './clickhouse-silence.store';

const HOUR = 3_600_000;
let ch: TestClickHouse;
let r: Receivers;
withClickHouseAndReceivers((clickhouse, receivers) => {
  ch = clickhouse;
  r = receivers;
});

describe('ClickHouse silences in the notifier', () => {
  it('mutes an alert once a silence is created elsewhere (the API), and pages again after it is expired', async () => {
    const routing = { version: 1, routes: [{ name: 'oncall', to: ['slack', 'pagerduty'] }] };
    const env = receiverEnv(r, routing, { TOKENWATCH_REVOCATION_MODE: 'disabled' });
    // Starts at the real time: the receivers check signature timestamps against it.
    const clock = new ManualClock(Date.now());
    let wall = 0;
    const silences = createClickHouseSilenceStore(ch, { now: clock.now, refreshMs: 5_000, wallClock: () => wall });
    const { engine } = assembleNotifier({ ...harnessParts(loadConfig(env)), clock, silences });

    // What POST /api/silences does, on another client of the same database.
    const silence = await createSilence(
      ch,
      { matchers: { token: FP_1 }, startsAt: clock.now(), endsAt: clock.now() + HOUR, createdBy: 'responder#1', comment: 'pen test' },
      clock.now(),
    );
    const muted = await engine.handle([makeAlert({ id: 's1', ts: clock.now() })]);
    expect(muted).toMatchObject({ silenced: 2, sent: 0 });
    expect(r.slack.requests).toEqual([]);
    expect(r.pagerduty.requests).toEqual([]);
    // Other tokens still page.
    expect((await engine.handle([makeAlert({ id: 's2', ts: clock.now(), token: { fp: FP_2, hint: null } })])).sent).toBe(2);

    // DELETE /api/silences/:id; the notifier sees it at its next refresh.
    await expireSilence(ch, silence.id, { now: clock.now(), by: 'responder#1' });
    clock.advance(1_000);
    wall += 5_000;
    expect(await engine.handle([makeAlert({ id: 's3', ts: clock.now() })])).toMatchObject({ silenced: 0, sent: 2 });
    expect(r.problems()).toEqual([]);
  });

  it('reads at most once per refresh interval and keeps the last list through a failure', async () => {
    const database = randomDatabaseName();
    const other: ClickHouse = await createClickHouse({ dataPath: ch.dataPath, database });
    let wall = 0;
    const errors: unknown[] = [];
    const now = Date.now();
    const storeOptions = {
      now: () => now,
      refreshMs: 5_000,
      maxStaleMs: 60_000,
      wallClock: () => wall,
      onRefreshError: (e: unknown) => errors.push(e),
    };
    try {
      const store = createClickHouseSilenceStore(ch, storeOptions);
      const before = (await store.list()).length;
      await createSilence(ch, { matchers: { consumer: 'acme' }, startsAt: now, endsAt: now + HOUR, createdBy: 'cli' }, now);
      expect(await store.list()).toHaveLength(before); // cached
      wall += 5_000;
      expect(await store.list()).toHaveLength(before + 1);

      // Another database whose table disappears after the first read.
      await migrate(other);
      await createSilence(other, { matchers: { token: FP_2 }, startsAt: now, endsAt: now + HOUR, createdBy: 'cli' }, now);
      const flaky = createClickHouseSilenceStore(other, storeOptions);
      expect(await flaky.list()).toHaveLength(1);
      await other.client.command({ query: 'DROP TABLE {db:Identifier}.silences', query_params: { db: database } });
      wall += 30_000;
      expect(await flaky.list()).toHaveLength(1);
      expect(errors).toHaveLength(1);
      wall += 31_000;
      await expect(flaky.list()).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});
