import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TokenProfile } from '../notifier.types';
import { FP_1, FP_2, makeAlert } from '../testing/alerts.fixture';
import { createFileSilenceStore, createMemorySilenceStore, findSilence } from './silence.store';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const profile: TokenProfile = { consumer: 'acme', labels: {}, kind: null, credentialId: null };
const offHours = makeAlert({
  id: '4',
  token: { fp: FP_2, hint: null },
  signals: [{ type: 'off_hours', score: 0.5, observed: 3, expected: 14, detail: 'Active at 03:00 UTC.' }],
});
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'tw-silence-')), 'silences.json');

describe('silences', () => {
  it('are time-boxed and match by token, consumer and signals', async () => {
    const store = createMemorySilenceStore(() => now);
    const byToken = await store.add({ matchers: { token: FP_1 }, startsAt: now, endsAt: now + 3_600_000, createdBy: 'sam', comment: 'pen test' });
    await store.add({ matchers: { consumer: 'acme', signals: ['off_hours'] }, startsAt: now, endsAt: now + 60_000, createdBy: 'sam' });
    const silences = await store.list();
    expect(silences).toHaveLength(2);

    expect(findSilence(silences, makeAlert({ id: '1' }), profile, now + 1)?.id).toBe(byToken.id);
    expect(findSilence(silences, makeAlert({ id: '2' }), profile, now + 3_600_000)).toBeUndefined(); // ended
    expect(findSilence(silences, makeAlert({ id: '3' }), profile, now - 1)).toBeUndefined(); // not started
    expect(findSilence(silences, offHours, profile, now + 1)).toBeDefined();
    expect(findSilence(silences, offHours, { ...profile, consumer: 'other' }, now + 1)).toBeUndefined();
    const mixed = { ...offHours, signals: [...offHours.signals, ...makeAlert({ id: 'x' }).signals] };
    expect(findSilence(silences, mixed, profile, now + 1)).toBeUndefined(); // not every signal is silenced
    await expect(store.add({ matchers: {}, startsAt: now, endsAt: now + 1, createdBy: 'sam' })).rejects.toThrow(/needs a token, consumer or signal/);
  });
});

describe('file silences (offline notify runs)', () => {
  it('reads version 2 files and re-reads them when they change', async () => {
    const path = tempFile();
    const store = createFileSilenceStore(path);
    expect(await store.list()).toEqual([]);
    writeFileSync(path, JSON.stringify({ version: 2, silences: [{ matchers: { token: FP_2 }, startsAt: now, endsAt: now + 1_000, comment: 'maintenance' }] }));
    const [silence] = await store.list();
    expect(silence).toMatchObject({ id: 'file-1', matchers: { token: FP_2 }, comment: 'maintenance', createdBy: 'file' });
    writeFileSync(path, JSON.stringify({ version: 2, silences: [] }));
    expect(await store.list()).toEqual([]);
  });

  it('reads version 1 files (flat token / consumer / signal)', async () => {
    const path = tempFile();
    writeFileSync(
      path,
      JSON.stringify({ version: 1, silences: [{ id: 'old', consumer: 'acme', signal: 'off_hours', startsAt: now, endsAt: now + 60_000, createdAt: now }] }),
    );
    const silences = await createFileSilenceStore(path).list();
    expect(silences[0]).toMatchObject({ id: 'old', matchers: { consumer: 'acme', signals: ['off_hours'] } });
    expect(findSilence(silences, offHours, profile, now + 1)?.id).toBe('old');
  });

  it('names the file and the problem when it is invalid', async () => {
    const path = tempFile();
    const store = createFileSilenceStore(path);
    writeFileSync(path, '{"version":2,"silences":[{"matchers":{"token":"sk_live_raw"},"startsAt":1,"endsAt":2}]}');
    await expect(store.list()).rejects.toThrow(/silences file .* is invalid: silences\.0\.matchers\.token/);
    writeFileSync(path, '{"version":2,"silences":[{"matchers":{},"startsAt":1,"endsAt":2}]}');
    await expect(store.list()).rejects.toThrow(/silence 1: a silence needs a token, consumer or signal/);
    writeFileSync(path, '{"version":2,');
    await expect(store.list()).rejects.toThrow(/is not valid JSON/);
  });
});
