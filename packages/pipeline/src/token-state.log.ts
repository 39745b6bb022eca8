import { parseJsonAs } from '@tokenwatch/contracts';
import { PeerGroupsStateSchema, TokenSnapshot, tryReadTokenSnapshot, type Detector } from '@tokenwatch/detector';
import { z } from 'zod';
import { isAfter, parseSourcePosition, SOURCE_HEADER, type SourcePosition } from './event-source';
import type { RawMessage } from './raw-message';

/**
 * One record of the state changelog (a compacted topic beside the events topic, same partition):
 * the token's whole detector state after the events of its partition up to `offset` (inclusive).
 * Without `offset` the state was built from events scored in memory (no events topic; see
 * `unappliedEvents`), and only raw positions tell what it includes.
 */
export const TokenStateRecord = z.object({ v: z.literal(1), offset: z.string().regex(/^\d+$/).optional(), snapshot: TokenSnapshot });
export type TokenStateRecord = z.infer<typeof TokenStateRecord>;

const DIGITS = /^\d+$/;

/** `parseJsonAs(TokenStateRecord, text)` with the snapshot checked by the detector's fast path (zod's is ~40 µs a token). */
export function readTokenStateRecord(text: string): TokenStateRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, offset, snapshot } = value as Record<string, unknown>;
  const surely = v === 1 && (offset === undefined || (typeof offset === 'string' && DIGITS.test(offset)));
  const checked = surely ? tryReadTokenSnapshot(snapshot) : undefined;
  if (checked) return { v: 1, ...(offset === undefined ? {} : { offset: offset as string }), snapshot: checked };
  const parsed = TokenStateRecord.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The key of the record that holds, per raw partition, the newest raw record this events partition's state includes. */
export const RAW_POSITIONS_KEY = '~raw-positions';
const RawPositionsRecord = z.object({ v: z.literal(1), positions: z.array(z.tuple([z.string(), z.string().regex(/^\d+$/), z.number().int().nonnegative()])) });
type Positions = Map<string, { offset: bigint; index: number }>;
/** The key of the record that holds the partition's peer groups (Detector.peerGroups of its scope). */
export const PEER_GROUPS_KEY = '~peer-groups';
const PeerGroupsRecord = z.object({ v: z.literal(1), groups: PeerGroupsStateSchema });

export interface StateLogMessage {
  key: string;
  value: string;
  partition: number;
}

export interface RestoreReport {
  restored: number;
  /** Records that did not decode: skipped (their tokens resume from the baseline store, or learn again). */
  unreadable: Array<{ key: string | null; offset: string; reason: string }>;
}

/**
 * Detector state kept consistent with committed offsets, the way Kafka Streams does it: after a
 * batch of one events partition is scored and its effects published, every token it changed is
 * written to the changelog with the batch's last offset, and only then are the offsets committed.
 * A crash between the two leaves state that already includes events the group will deliver again:
 * `unapplied` drops those (the state says up to which offset it includes each token), so a
 * restarted scorer ends where a crash-free one would. When a partition is assigned, its records
 * are read back (`restore`) before its first batch is scored. Pure: the Kafka shell reads and writes.
 */
export class TokenStateLog {
  /** Per token: the events partition it belongs to and the last offset its state includes. */
  private readonly covered = new Map<string, { partition: number; offset: bigint }>();
  private readonly restored = new Set<number>();
  /** Per events partition: per raw partition, the newest raw record applied (see event-source.ts). */
  private readonly positions = new Map<number, Positions>();
  /** Partitions whose peer groups changed since their last acknowledged record. */
  private readonly peersUnsaved = new Set<number>();

  /**
   * `partitionOf` gives a token's events partition where no events offset says it (events scored in
   * memory): the partition the events topic would have put it on.
   */
  constructor(
    private readonly detector: Detector,
    private readonly partitionOf?: (fp: string) => number,
  ) {}

  /** Whether this partition's records were read back since it was (re)assigned. */
  isRestored(partition: number): boolean {
    return this.restored.has(partition);
  }

  /**
   * Applies a partition's records, oldest first, in as many calls as the reader needs (a later
   * record of a token replaces the earlier one, as compaction would); `markRestored` when all are in.
   */
  restore(partition: number, messages: readonly RawMessage[]): RestoreReport {
    let restored = 0;
    const unreadable: RestoreReport['unreadable'] = [];
    for (const message of messages) {
      const key = message.key?.toString('utf8') ?? null;
      if (key === RAW_POSITIONS_KEY) {
        const positions = message.value ? parseJsonAs(RawPositionsRecord, message.value.toString('utf8')) : undefined;
        if (positions)
          this.positions.set(partition, new Map(positions.positions.map(([source, offset, index]) => [source, { offset: BigInt(offset), index }])));
        else unreadable.push({ key, offset: message.offset, reason: 'not a raw positions record' });
        continue;
      }
      if (key === PEER_GROUPS_KEY) {
        const peers = message.value ? parseJsonAs(PeerGroupsRecord, message.value.toString('utf8')) : undefined;
        if (peers) this.detector.restorePeerGroups(partition, peers.groups);
        else unreadable.push({ key, offset: message.offset, reason: 'not a peer groups record' });
        continue;
      }
      const record = message.value ? readTokenStateRecord(message.value.toString('utf8')) : undefined;
      if (!record || record.snapshot.fp !== key) {
        unreadable.push({ key, offset: message.offset, reason: record ? 'key is not the snapshot token' : 'not a token state record' });
        continue;
      }
      this.detector.restore(record.snapshot, { scope: partition, peersRestored: true });
      if (record.offset === undefined) this.covered.delete(key);
      else this.covered.set(key, { partition, offset: BigInt(record.offset) });
      restored++;
    }
    return { restored, unreadable };
  }

  markRestored(partition: number): void {
    this.restored.add(partition);
  }

  /**
   * The messages whose effects the state does not include yet: a batch delivered again after the
   * scorer crashed (by event offset), and events a normalize batch produced again after it crashed
   * (by raw position). Call once per batch: what passes counts as applied.
   */
  unapplied<M extends RawMessage>(messages: readonly M[]): M[] {
    const out: M[] = [];
    for (const m of messages) {
      const fp = m.key?.toString('utf8');
      const covered = fp === undefined ? undefined : this.covered.get(fp);
      if (covered !== undefined && covered.partition === m.partition && BigInt(m.offset) <= covered.offset) continue;
      if (!this.advance(m)) continue;
      out.push(m);
    }
    return out;
  }

  /**
   * The events, normalized in this process and never on the events topic, whose raw records the
   * state of their events partition does not include yet; `sources[i]` is events[i]'s raw position
   * (`messageOrigin`), absent for events without one (HTTP ingest). What passes counts as applied.
   */
  unappliedEvents<E>(partition: number, events: readonly E[], sources: ReadonlyArray<SourcePosition | undefined>): E[] {
    const out: E[] = [];
    for (let i = 0; i < events.length; i++) {
      const position = sources[i];
      if (position && !this.advanceTo(partition, position)) continue;
      out.push(events[i]!);
    }
    return out;
  }

  /** False when the message's raw record was applied already; else records its position. */
  private advance(m: RawMessage): boolean {
    const position = parseSourcePosition(m.headers[SOURCE_HEADER]);
    return position ? this.advanceTo(m.partition, position) : true;
  }

  private advanceTo(partition: number, position: SourcePosition): boolean {
    let positions = this.positions.get(partition);
    if (!positions) this.positions.set(partition, (positions = new Map()));
    const newest = positions.get(position.source);
    if (newest && !isAfter(position, newest)) return false;
    positions.set(position.source, { offset: position.offset, index: position.index });
    return true;
  }

  /**
   * Records for the tokens of one partition's batch, ending at `lastOffset` (absent for events scored
   * in memory: each token keeps the events offset its state already includes); tokens no longer in
   * memory are left out.
   */
  changes(fps: Iterable<string>, partition: number, lastOffset?: string): StateLogMessage[] {
    const out = this.tokenRecords(fps, partition, lastOffset);
    const changed = this.detector.peerGroups(partition, { onlyChanged: true });
    if (changed) this.peersUnsaved.add(partition);
    const groups = this.peersUnsaved.has(partition) ? (changed ?? this.detector.peerGroups(partition)) : undefined;
    if (groups) out.push({ key: PEER_GROUPS_KEY, value: JSON.stringify({ v: 1, groups }), partition });
    // Last: a restore that finds the tokens' records but not this one still skips by event offset.
    const positions = this.positions.get(partition);
    if (positions && positions.size > 0) {
      const record = { v: 1, positions: [...positions].map(([source, p]) => [source, p.offset.toString(), p.index]) };
      out.push({ key: RAW_POSITIONS_KEY, value: JSON.stringify(record), partition });
    }
    return out;
  }

  private tokenRecords(fps: Iterable<string>, partition: number, lastOffset: string | undefined): StateLogMessage[] {
    const out: StateLogMessage[] = [];
    const offset = lastOffset === undefined ? undefined : BigInt(lastOffset);
    for (const fp of new Set(fps)) {
      const snapshot = this.detector.snapshot(fp);
      if (!snapshot) continue;
      if (offset !== undefined) this.covered.set(fp, { partition, offset });
      const covered = this.covered.get(fp);
      const recordOffset = covered?.partition === partition ? covered.offset.toString() : undefined;
      const record: TokenStateRecord = { v: 1, ...(recordOffset === undefined ? {} : { offset: recordOffset }), snapshot };
      out.push({ key: fp, value: JSON.stringify(record), partition });
    }
    return out;
  }

  /** The records `changes` returned for this partition are acknowledged. */
  written(partition: number): void {
    this.peersUnsaved.delete(partition);
  }

  /** Records for tokens changed outside a batch (resolved by an idle tick), at the offsets their state already includes. */
  changesOutsideBatch(fps: Iterable<string>): StateLogMessage[] {
    const out: StateLogMessage[] = [];
    for (const fp of new Set(fps)) {
      const covered = this.covered.get(fp);
      const partition = covered?.partition ?? this.partitionOf?.(fp);
      if (partition !== undefined) out.push(...this.tokenRecords([fp], partition, covered?.offset.toString()));
    }
    return out;
  }

  /** Partitions moved: everything is read back again for the partitions assigned now. */
  forgetAll(): void {
    this.covered.clear();
    this.restored.clear();
    this.positions.clear();
  }
}
