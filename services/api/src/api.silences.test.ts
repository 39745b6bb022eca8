import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAlerts, listSilences } from '@tokenwatch/clickhouse';
import { startSeededApi, type SeededApi } from './testing/api.harness';
import { DAY, FP_A, FP_B, FP_C, HOUR, NOW } from './testing/seed.fixture';

let api: SeededApi;

beforeAll(async () => {
  api = await startSeededApi();
}, 60_000);
afterAll(async () => {
  await api?.close();
});

const problems = (body: { problems: { path: string; message: string }[] }) => body.problems.map((p) => `${p.path}: ${p.message}`).join('; ');

describe('silences', () => {
  it('are created, listed and expired, recording the key name, never the key', async () => {
    const created = await api.post('/api/silences', {
      matchers: { token: FP_B, signals: ['dormant_reactivation'] },
      for: '2h',
      comment: 'reports team migration',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      matchers: { token: FP_B, signals: ['dormant_reactivation'] },
      startsAt: NOW,
      endsAt: NOW + 2 * HOUR,
      createdBy: 'responder#1',
      comment: 'reports team migration',
      status: 'active',
    });
    const later = await api.post('/api/silences', {
      matchers: { consumer: 'billing' },
      startsAt: NOW + HOUR,
      endsAt: new Date(NOW + DAY).toISOString(),
      comment: 'maintenance window',
    });
    expect(later.body).toMatchObject({ startsAt: NOW + HOUR, endsAt: NOW + DAY, status: 'pending' });

    const listed = await api.get('/api/silences');
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([created.body.id, later.body.id]));

    const expired = await api.del(`/api/silences/${created.body.id}`);
    expect(expired.status).toBe(200);
    expect(expired.body).toMatchObject({ id: created.body.id, status: 'expired', endsAt: NOW, expiredBy: 'responder#1' });
    expect((await api.del(`/api/silences/${created.body.id}`)).body).toEqual(expired.body);
    expect((await api.del('/api/silences/no-such-silence')).status).toBe(404);

    const active = (await api.get('/api/silences')).body.items.map((s: { id: string }) => s.id);
    expect(active).not.toContain(created.body.id);
    const all = (await api.get('/api/silences?all=true')).body.items.map((s: { id: string }) => s.id);
    expect(all).toContain(created.body.id);
    // What the notifier reads.
    expect((await listSilences(api.ch, { now: NOW })).map((s) => s.id)).not.toContain(created.body.id);
  });

  it.each([
    [{ matchers: {}, for: '1h', comment: 'nothing matched' }, /matchers: at least one matcher/],
    [{ matchers: { signals: [] }, for: '1h', comment: 'empty signals' }, /matchers.signals/],
    [{ matchers: { token: 'sk_live_raw_token' }, for: '1h', comment: 'raw token' }, /matchers.token: a token fingerprint/],
    [{ matchers: { token: FP_A, team: 'x' }, for: '1h', comment: 'unknown matcher' }, /matchers: Unrecognized key/],
    [{ matchers: { token: FP_A }, endsAt: NOW - 1, comment: 'in the past' }, /endsAt: must be in the future/],
    [{ matchers: { token: FP_A }, for: '91d', comment: 'too long' }, /for: between 1 minute and 90 days/],
    [{ matchers: { token: FP_A }, endsAt: NOW + 91 * DAY, comment: 'too long' }, /endsAt: a silence lasts at most 90 days/],
    [{ matchers: { token: FP_A }, startsAt: NOW + 2 * HOUR, endsAt: NOW + HOUR, comment: 'backwards' }, /endsAt: must be after startsAt/],
    [{ matchers: { token: FP_A }, comment: 'no end' }, /endsAt: give either endsAt or for/],
    [{ matchers: { token: FP_A }, for: '1h', endsAt: NOW + HOUR, comment: 'two ends' }, /endsAt: give either endsAt or for/],
    [{ matchers: { token: FP_A }, for: '1h' }, /comment/],
  ])('rejects %j', async (body, problem) => {
    const res = await api.post('/api/silences', body);
    expect(res.status).toBe(400);
    expect(problems(res.body)).toMatch(problem);
  });

  it('validates the list query', async () => {
    expect((await api.get('/api/silences?all=yes')).status).toBe(400);
  });
});

describe('a false positive that suppresses', () => {
  it('creates a silence of the token and signal types, names it, and the alert shows it', async () => {
    const res = await api.post('/api/alerts/alert-a/false-positive', { reason: 'load test by the billing team', suppress: { for: '7d' } });
    expect(res.status).toBe(201);
    expect(res.body.triage).toMatchObject({ action: 'false_positive', reason: 'load test by the billing team' });
    expect(res.body.silence).toMatchObject({
      matchers: { token: FP_A, signals: ['new_country', 'volume_spike'] },
      startsAt: NOW,
      endsAt: NOW + 7 * DAY,
      comment: 'False positive (alert alert-a): load test by the billing team',
      createdBy: 'responder#1',
      status: 'active',
    });
    const detail = await api.get('/api/alerts/alert-a');
    expect(detail.body.silencedBy.map((s: { id: string }) => s.id)).toEqual([res.body.silence.id]);
    // alert-b (another token) is not muted by it.
    expect((await api.get('/api/alerts/alert-b')).body.silencedBy).toEqual([]);
  });

  it('can silence the whole token or the consumer', async () => {
    const token = await api.post('/api/alerts/alert-c/false-positive', { reason: 'known batch job', suppress: { for: '12h', scope: 'token' } });
    expect(token.body.silence.matchers).toEqual({ token: FP_A });
    const consumer = await api.post('/api/alerts/alert-b/false-positive', {
      reason: 'reports wake up monthly',
      suppress: { for: '30d', scope: 'consumer-signal' },
    });
    expect(consumer.status).toBe(201);
    expect(consumer.body.silence.matchers).toEqual({ consumer: 'reports', signals: ['dormant_reactivation'] });
  });

  it('answers 422 when the consumer is unknown, and 400 for a bad or misplaced suppress', async () => {
    await insertAlerts(api.ch, [
      {
        id: 'alert-x',
        ts: NOW - 60_000,
        token: { fp: FP_C, hint: null },
        severity: 'low',
        score: 0.2,
        signals: [{ type: 'off_hours', score: 0.2, observed: 3, expected: 14, detail: 'Active at 03:00 UTC.' }],
        summary: 'Off hours',
        window: { start: NOW - 120_000, end: NOW - 60_000 },
        state: 'firing',
      },
    ]);
    const before = (await listSilences(api.ch, { now: NOW, all: true })).length;
    const unknown = await api.post('/api/alerts/alert-x/false-positive', { reason: 'fine', suppress: { for: '1d', scope: 'consumer-signal' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatch(/consumer of this token is unknown/);
    expect((await api.post('/api/alerts/alert-x/false-positive', { reason: 'fine', suppress: { for: '100d' } })).status).toBe(400);
    expect((await api.post('/api/alerts/alert-x/false-positive', { reason: 'fine', suppress: { for: '1d', scope: 'everything' } })).status).toBe(400);
    expect((await api.post('/api/alerts/alert-x/ack', { reason: 'fine', suppress: { for: '1d' } })).status).toBe(400);
    expect((await listSilences(api.ch, { now: NOW, all: true })).length).toBe(before);
    // Without suppress, a false positive creates no silence.
    const plain = await api.post('/api/alerts/alert-x/false-positive', { reason: 'fine' });
    expect(plain.status).toBe(201);
    expect(plain.body.silence).toBeUndefined();
  });
});
