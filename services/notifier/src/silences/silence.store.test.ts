import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TokenProfile } from '../notifier.types';
import { FP_1, FP_2, makeAlert } from '../testing/alerts.fixture';
import { createFileSilenceStore, findSilence } from './silence.store';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const profile: TokenProfile = { consumer: 'acme', labels: {}, kind: null, credentialId: null };

describe('silences', () => {
  it('are time-boxed and match by token, consumer and signal', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tw-silence-')), 'silences.json');
    const store = createFileSilenceStore(path, () => now);
    const byToken = await store.add({ token: FP_1, startsAt: now, endsAt: now + 3_600_000, createdBy: 'sam', comment: 'pen test' });
    await store.add({ consumer: 'acme', signal: 'off_hours', startsAt: now, endsAt: now + 60_000 });
    const silences = await store.list();
    expect(silences).toHaveLength(2);

    expect(findSilence(silences, makeAlert({ id: '1' }), profile, now + 1)?.id).toBe(byToken.id);
    expect(findSilence(silences, makeAlert({ id: '2' }), profile, now + 3_600_000)).toBeUndefined(); // ended
    expect(findSilence(silences, makeAlert({ id: '3' }), profile, now - 1)).toBeUndefined(); // not started
    const offHours = makeAlert({ id: '4', token: { fp: FP_2, hint: null }, signals: [{ type: 'off_hours', score: 0.5, observed: 3, expected: 14, detail: 'Active at 03:00 UTC.' }] });
    expect(findSilence(silences, offHours, profile, now + 1)).toBeDefined();
    expect(findSilence(silences, offHours, { ...profile, consumer: 'other' }, now + 1)).toBeUndefined();
    const mixed = { ...offHours, signals: [...offHours.signals, ...makeAlert({ id: 'x' }).signals] };
    expect(findSilence(silences, mixed, profile, now + 1)).toBeUndefined(); // not every signal is silenced

    expect(await store.remove(byToken.id)).toBe(true);
    expect(await store.remove(byToken.id)).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).silences).toHaveLength(1);
  });

  it('are re-read when another process changes the file, and validated', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tw-silence-')), 'silences.json');
    const store = createFileSilenceStore(path, () => now);
    expect(await store.list()).toEqual([]);
    const other = createFileSilenceStore(path, () => now);
    await other.add({ token: FP_2, startsAt: now, endsAt: now + 1_000 });
    expect(await store.list()).toHaveLength(1);
    await expect(store.add({ startsAt: now, endsAt: now + 1 })).rejects.toThrow(/a silence needs a token, consumer or signal/);
    writeFileSync(path, '{"version":1,"silences":[{"id":"x"}]}');
    await expect(store.list()).rejects.toThrow(/silences file .* is invalid/);
  });
});
