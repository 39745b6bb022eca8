import { describe, expect, it } from 'vitest';
import { keyPartition } from '@tokenwatch/common';
import type { AccessEvent } from '@tokenwatch/contracts';
import { createDetector } from '@tokenwatch/detector';
import { createDirectScoreStage, type DirectBatch } from './direct-score.stage';
import { asConsumed, fpOf, stateLogEvent } from './state-log.fixtures';
import { TokenStateLog, type StateLogMessage } from './token-state.log';

const T = Date.UTC(2026, 2, 2, 0);
const PARTITIONS = 3;
const TOKENS = 6;

/** Six tokens for two days, then token 1 fails auth 40 times in a minute; the records alternate between two raw partitions. */
function rawBatches(size: number): DirectBatch[] {
  const events: AccessEvent[] = [];
  for (let minute = 0; minute < 2 * 24 * 60; minute += 7) {
    for (let t = 0; t < TOKENS; t++) events.push(stateLogEvent(events.length, t, T + minute * 60_000 + t * 1_000, 200));
  }
  for (let i = 0; i < 40; i++) events.push(stateLogEvent(events.length, 1, T + 2 * 24 * 3_600_000 + i * 1_000, 401));
  const byRaw: DirectBatch[][] = [[], []];
  for (const raw of [0, 1]) {
    const mine = events.filter((_, i) => i % 2 === raw);
    for (let at = 0; at < mine.length; at += size) {
      const part = mine.slice(at, at + size);
      byRaw[raw]!.push({ events: part, sources: part.map((_, i) => ({ source: `raw:${raw}`, offset: BigInt(at + i), index: 0 })) });
    }
  }
  // Batches of the two raw partitions are scored in turn, as two partitions in flight are.
  return Array.from({ length: Math.max(byRaw[0]!.length, byRaw[1]!.length) }, (_, i) => [byRaw[0]![i], byRaw[1]![i]]).flatMap((pair) =>
    pair.filter((b) => b !== undefined),
  );
}

/**
 * One process scoring in memory: reads the changelog back, then scores batches from `from` on,
 * writing each batch's state records after it (the writer's order). With `crashAt`, it stops after
 * that batch was scored, before or after its records were written.
 */
async function runProcess(all: DirectBatch[], from: number, changelog: StateLogMessage[], crashAt?: { batch: number; beforeChangelog: boolean }) {
  const detector = createDetector();
  const partitionOf = (fp: string) => keyPartition(fp, PARTITIONS);
  const log = new TokenStateLog(detector, partitionOf);
  const consumed = asConsumed(changelog);
  for (let p = 0; p < PARTITIONS; p++)
    log.restore(
      p,
      consumed.filter((m) => m.partition === p),
    );
  const stage = createDirectScoreStage({
    scorer: detector,
    partitions: PARTITIONS,
    unapplied: (partition, events, sources) => log.unappliedEvents(partition, events, sources),
    state: {
      take: ({ partition, events }) => ({
        partition,
        messages: log.changes(
          events.map((e) => e.token.fp),
          partition,
        ),
      }),
    },
  });
  const alertIds: string[] = [];
  for (let b = from; b < all.length; b++) {
    const scored = await stage.score(all[b]!);
    alertIds.push(...scored.alerts.map((a) => `${a.id}/${a.state}`));
    if (crashAt?.batch === b && crashAt.beforeChangelog) break;
    for (const state of scored.states) {
      changelog.push(...state.messages);
      log.written(state.partition);
    }
    if (crashAt?.batch === b) break;
  }
  return { alertIds, detector };
}

const stateOf = (detector: ReturnType<typeof createDetector>) =>
  Array.from({ length: TOKENS }, (_, t) => detector.snapshot(fpOf(t))).concat(Array.from({ length: PARTITIONS }, (_, p) => detector.peerGroups(p) as never));

describe('createDirectScoreStage: scoring in memory, consistent across crashes', () => {
  const all = rawBatches(60);

  it('puts each token in the partition the events topic would, and takes state per partition', async () => {
    const changelog: StateLogMessage[] = [];
    const clean = await runProcess(all, 0, changelog);
    expect(clean.alertIds.length).toBeGreaterThan(0);
    const partitions = new Set(changelog.filter((m) => !m.key.startsWith('~')).map((m) => `${m.key}@${m.partition}`));
    expect(partitions).toEqual(new Set(Array.from({ length: TOKENS }, (_, t) => `${fpOf(t)}@${keyPartition(fpOf(t), PARTITIONS)}`)));
    expect(new Set(changelog.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('a process killed at any point, restarted from the changelog with raw offsets committed a batch late, ends as a crash-free run', async () => {
    const clean = await runProcess(all, 0, []);
    const want = stateOf(clean.detector);
    for (const crashBatch of [0, 1, 7, all.length - 2, all.length - 1]) {
      for (const beforeChangelog of [true, false]) {
        const changelog: StateLogMessage[] = [];
        const first = await runProcess(all, 0, changelog, { batch: crashBatch, beforeChangelog });
        // Commits lag: the batch before the crashed one was not committed either, so both come again.
        const second = await runProcess(all, Math.max(0, crashBatch - 1), changelog);
        expect(stateOf(second.detector)).toEqual(want);
        expect(new Set([...first.alertIds, ...second.alertIds])).toEqual(new Set(clean.alertIds));
      }
    }
  });

  it('without the raw positions, a redelivered batch would be counted twice (what the log prevents)', async () => {
    const changelog: StateLogMessage[] = [];
    await runProcess(all, 0, changelog, { batch: 7, beforeChangelog: false });
    const detector = createDetector();
    for (const m of asConsumed(changelog)) if (!m.key!.toString().startsWith('~')) detector.restore(JSON.parse(m.value!.toString()).snapshot);
    const stage = createDirectScoreStage({ scorer: detector, partitions: PARTITIONS });
    for (let b = 6; b < all.length; b++) await stage.score(all[b]!);
    const clean = await runProcess(all, 0, []);
    expect(detector.snapshot(fpOf(0))!.events).toBeGreaterThan(clean.detector.snapshot(fpOf(0))!.events);
  });
});
