import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from '@tokenwatch/detector';
import { encodeEvent } from './event-codec';
import type { RawMessage } from './raw-message';
import { asConsumed, fpOf, stateLogEvent } from './state-log.fixtures';
import { createScoreStage } from './score.stage';
import { SOURCE_HEADER } from './event-source';
import { RAW_POSITIONS_KEY, TokenStateLog, type StateLogMessage } from './token-state.log';

const T = Date.UTC(2026, 2, 2, 0);

/** Three tokens: steady traffic for two days, then one of them fails auth 40 times in a minute. */
function events(): AccessEvent[] {
  const out: AccessEvent[] = [];
  for (let minute = 0; minute < 2 * 24 * 60; minute += 7) {
    for (let t = 0; t < 3; t++) out.push(stateLogEvent(out.length, t, T + minute * 60_000 + t * 1_000, 200));
  }
  const end = T + 2 * 24 * 3_600_000;
  for (let i = 0; i < 40; i++) out.push(stateLogEvent(out.length, 1, end + i * 1_000, 401));
  return out;
}

/** The events topic as normalize wrote it: each event says which raw record (raw partition 0, 1 record per message) it came from. */
const asMessages = (list: AccessEvent[]): RawMessage[] =>
  list.map((e, offset) => ({
    topic: 'events',
    partition: 0,
    offset: String(offset),
    key: Buffer.from(e.token.fp),
    value: Buffer.from(encodeEvent(e).value),
    headers: { [SOURCE_HEADER]: `raw:0:${offset}:0` },
    timestamp: 0,
  }));
/** A normalize crash: the events of raw records [from, to) are produced again after `at`, at new offsets. */
function withNormalizeRedo(messages: RawMessage[], at: number, from: number, to: number): RawMessage[] {
  const out = [...messages.slice(0, at), ...messages.slice(from, to), ...messages.slice(at)];
  return out.map((m, offset) => ({ ...m, offset: String(offset) }));
}
/** A token's whole state, and its scope's peer groups (restored with the partition's tokens). */
const stateOf = (detector: ReturnType<typeof createDetector>, fp: string) => ({ token: detector.snapshot(fp), peers: detector.peerGroups(0) });
const batches = (messages: RawMessage[], size: number) =>
  Array.from({ length: Math.ceil(messages.length / size) }, (_, i) => messages.slice(i * size, (i + 1) * size));

/** One scorer process: restores the changelog written so far, then scores batches from `from` on. */
async function runScorer(all: RawMessage[][], from: number, changelog: StateLogMessage[], crashAfter?: { batch: number; beforeChangelog: boolean }) {
  const detector = createDetector();
  const log = new TokenStateLog(detector);
  log.restore(0, asConsumed(changelog));
  log.markRestored(0);
  const stage = createScoreStage({ scorer: detector, unapplied: (m) => log.unapplied(m) });
  const alertIds: string[] = [];
  for (let b = from; b < all.length; b++) {
    const batch = all[b]!;
    const scored = await stage.score(batch);
    alertIds.push(...scored.alerts.map((a) => `${a.id}/${a.state}`)); // published
    if (crashAfter?.batch === b && crashAfter.beforeChangelog) return { committed: b, alertIds, detector };
    changelog.push(
      ...log.changes(
        scored.events.map((e) => e.token.fp),
        0,
        batch[batch.length - 1]!.offset,
      ),
    );
    log.written(0);
    if (crashAfter?.batch === b) return { committed: b, alertIds, detector }; // changelog written, offsets not committed
  }
  return { committed: all.length, alertIds, detector };
}

describe('TokenStateLog: detector state consistent with committed offsets', () => {
  const all = batches(asMessages(events()), 97);

  it('a scorer killed at any point and restarted from the changelog ends with the state and alerts of a crash-free run', async () => {
    const clean = await runScorer(all, 0, []);
    expect(clean.alertIds.length).toBeGreaterThan(0);
    expect(clean.detector.peerGroups(0)!.global.members).toBe(3); // peers are part of the state compared
    const want = [0, 1, 2].map((t) => stateOf(clean.detector, fpOf(t)));
    for (const crashBatch of [0, 5, all.length - 3, all.length - 1]) {
      for (const beforeChangelog of [true, false]) {
        const changelog: StateLogMessage[] = [];
        const first = await runScorer(all, 0, changelog, { batch: crashBatch, beforeChangelog });
        // The group redelivers from the last committed offset: the crashed batch comes again.
        const second = await runScorer(all, first.committed, changelog);
        expect([0, 1, 2].map((t) => stateOf(second.detector, fpOf(t)))).toEqual(want);
        expect(new Set([...first.alertIds, ...second.alertIds])).toEqual(new Set(clean.alertIds));
      }
    }
  });

  it('events a crashed normalize produced again are not counted twice, also when the scorer crashes right after them', async () => {
    const clean = await runScorer(all, 0, []);
    const redone = batches(withNormalizeRedo(all.flat(), 600, 450, 600), 97);
    const once = await runScorer(redone, 0, []);
    expect([0, 1, 2].map((t) => stateOf(once.detector, fpOf(t)))).toEqual([0, 1, 2].map((t) => stateOf(clean.detector, fpOf(t))));
    expect(new Set(once.alertIds)).toEqual(new Set(clean.alertIds));
    const changelog: StateLogMessage[] = [];
    const first = await runScorer(redone, 0, changelog, { batch: 7, beforeChangelog: false }); // inside the repeated records
    expect(changelog.at(-1)?.key).toBe(RAW_POSITIONS_KEY);
    const second = await runScorer(redone, first.committed, changelog);
    expect([0, 1, 2].map((t) => stateOf(second.detector, fpOf(t)))).toEqual([0, 1, 2].map((t) => stateOf(clean.detector, fpOf(t))));
  });

  it('without the offsets, a redelivered batch would be counted twice (what the log prevents)', async () => {
    const changelog: StateLogMessage[] = [];
    const first = await runScorer(all, 0, changelog, { batch: 5, beforeChangelog: false });
    const detector = createDetector();
    for (const m of asConsumed(changelog)) if (m.key!.toString() !== RAW_POSITIONS_KEY) detector.restore(JSON.parse(m.value!.toString()).snapshot);
    const stage = createScoreStage({ scorer: detector });
    for (let b = first.committed; b < all.length; b++) await stage.score(all[b]!);
    const clean = await runScorer(all, 0, []);
    expect(detector.snapshot(fpOf(0))!.events).toBeGreaterThan(clean.detector.snapshot(fpOf(0))!.events);
  });

  it('skips records that do not decode and reports them, and keeps the newest record of a token', () => {
    const detector = createDetector();
    const log = new TokenStateLog(detector);
    const good = new TokenStateLog(createDetector());
    const report = log.restore(0, [
      { topic: 's', partition: 0, offset: '0', key: Buffer.from(fpOf(1)), value: Buffer.from('{"v":1'), headers: {}, timestamp: 0 },
      { topic: 's', partition: 0, offset: '1', key: Buffer.from(fpOf(2)), value: null, headers: {}, timestamp: 0 },
    ]);
    expect(report).toEqual({ restored: 0, unreadable: [expect.objectContaining({ offset: '0' }), expect.objectContaining({ offset: '1' })] });
    expect(good.changes([fpOf(9)], 0, '5')).toEqual([]); // a token not in memory has no record
    expect(detector.trackedTokens()).toBe(0);
  });
});
