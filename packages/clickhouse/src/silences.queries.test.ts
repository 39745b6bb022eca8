import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouse } from './clickhouse.client';
import { migrate } from './schema.migrator';
import {
  buildSilence,
  createSilence,
  expireSilence,
  getSilence,
  InvalidSilenceError,
  listSilences,
  silenceApplies,
  silenceStatus,
  type SilenceRecord,
} from './silences.queries';
import { FP_A, FP_B } from './test-events.fixture';
import { createTestClickHouse, randomDatabaseName, type TestClickHouse } from './testing';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const HOUR = 3_600_000;
let ch: TestClickHouse;

beforeAll(async () => {
  ch = await createTestClickHouse();
});
afterAll(async () => {
  await ch?.dispose();
});

describe('silences in ClickHouse', () => {
  it('creates, lists active or all, and expires early durably', async () => {
    const byToken = await createSilence(
      ch,
      { matchers: { token: FP_A }, startsAt: NOW, endsAt: NOW + HOUR, createdBy: 'responder#1', comment: 'pen test' },
      NOW,
    );
    const later = await createSilence(
      ch,
      { matchers: { consumer: 'acme', signals: ['off_hours', 'off_hours'] }, startsAt: NOW + HOUR, endsAt: NOW + 2 * HOUR, createdBy: 'cli' },
      NOW + 1,
    );
    await createSilence(ch, { matchers: { signals: ['volume_spike'] }, startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR, createdBy: 'cli' }, NOW - 2 * HOUR);

    expect(later.matchers).toEqual({ consumer: 'acme', signals: ['off_hours'] });
    expect(await getSilence(ch, byToken.id)).toEqual(byToken);
    expect((await listSilences(ch, { now: NOW })).map((s) => s.id)).toEqual([later.id, byToken.id]);
    expect(await listSilences(ch, { now: NOW, all: true })).toHaveLength(3);

    const expired = await expireSilence(ch, byToken.id, { now: NOW + 60_000, by: 'responder#2' });
    expect(expired).toMatchObject({ endsAt: NOW + 60_000, expiredAt: NOW + 60_000, expiredBy: 'responder#2', startsAt: NOW, comment: 'pen test' });
    // Expiring again or an unknown id changes nothing.
    expect(await expireSilence(ch, byToken.id, { now: NOW + 120_000, by: 'x' })).toEqual(expired);
    expect(await expireSilence(ch, 'nope', { now: NOW, by: 'x' })).toBeNull();
    expect((await listSilences(ch, { now: NOW + 60_000 })).map((s) => s.id)).toEqual([later.id]);

    // A pending silence can be expired too; the latest version survives a merge.
    await expireSilence(ch, later.id, { now: NOW + 60_000, by: 'responder#1' });
    await ch.client.command({ query: 'OPTIMIZE TABLE {db:Identifier}.silences FINAL', query_params: { db: ch.database } });
    expect(await listSilences(ch, { now: NOW + 60_000 })).toEqual([]);
    expect(silenceStatus((await getSilence(ch, later.id))!, NOW + 60_000)).toBe('expired');
  });

  it('is seen by a second client of the same database (another process in production)', async () => {
    const database = randomDatabaseName();
    const first = await createClickHouse({ dataPath: ch.dataPath, database });
    await migrate(first);
    const second = await createClickHouse({ dataPath: ch.dataPath, database });
    try {
      const s = await createSilence(first, { matchers: { token: FP_B }, startsAt: NOW, endsAt: NOW + HOUR, createdBy: 'api' }, NOW);
      expect((await listSilences(second, { now: NOW })).map((x) => x.id)).toEqual([s.id]);
      await expireSilence(second, s.id, { now: NOW + 1, by: 'cli' });
      expect(await listSilences(first, { now: NOW + 1 })).toEqual([]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('rejects a silence without a matcher or that ends before it starts', () => {
    expect(() => buildSilence({ matchers: { signals: [] }, startsAt: NOW, endsAt: NOW + 1, createdBy: 'x' }, NOW)).toThrow(InvalidSilenceError);
    expect(() => buildSilence({ matchers: { token: FP_A }, startsAt: NOW, endsAt: NOW, createdBy: 'x' }, NOW)).toThrow(/end after it starts/);
  });
});

describe('silenceApplies', () => {
  const s = (matchers: SilenceRecord['matchers']) => buildSilence({ matchers, startsAt: NOW, endsAt: NOW + HOUR, createdBy: 'x' }, NOW, 'id');
  const target = { tokenFp: FP_A, consumer: 'acme', signals: ['volume_spike', 'new_country'] };

  it('needs every matcher to hold, inside the time box', () => {
    expect(silenceApplies(s({ token: FP_A }), target, NOW)).toBe(true);
    expect(silenceApplies(s({ token: FP_A }), target, NOW - 1)).toBe(false);
    expect(silenceApplies(s({ token: FP_A }), target, NOW + HOUR)).toBe(false);
    expect(silenceApplies(s({ token: FP_B }), target, NOW)).toBe(false);
    expect(silenceApplies(s({ token: FP_A, consumer: 'other' }), target, NOW)).toBe(false);
    expect(silenceApplies(s({ consumer: 'acme' }), { ...target, consumer: null }, NOW)).toBe(false);
  });

  it('silences by signal only when every signal of the alert is covered', () => {
    expect(silenceApplies(s({ signals: ['volume_spike'] }), target, NOW)).toBe(false);
    expect(silenceApplies(s({ signals: ['new_country', 'volume_spike'] }), target, NOW)).toBe(true);
    expect(silenceApplies(s({ token: FP_A, signals: ['new_country', 'volume_spike', 'off_hours'] }), target, NOW)).toBe(true);
  });
});
