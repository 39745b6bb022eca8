import { randomUUID } from 'node:crypto';
import type { SignalType } from '@tokenwatch/contracts';
import { TokenwatchError } from '@tokenwatch/common';
import { z } from 'zod';
import { assertLimit } from './access-events.queries';
import type { ClickHouse } from './clickhouse.client';
import { defineInsert, defineSelect, runQuery, unwrap } from './query';
import { chEpochMs, chLimit, chNullableNumber, chNullableString, chNumber, chStrings } from './query/row-values';

/** What a silence applies to; every given matcher must hold, and at least one is given. */
export interface SilenceMatchers {
  /** Token fingerprint. */
  token?: string;
  consumer?: string;
  /** Silences an alert only when every one of its signals has one of these types. */
  signals?: SignalType[];
}

/** A silence (table silences, latest version); times in epoch ms. */
export interface SilenceRecord {
  id: string;
  matchers: SilenceMatchers;
  startsAt: number;
  endsAt: number;
  /** API key name (`responder#1`) or CLI user; never a key. */
  createdBy: string;
  comment: string;
  createdAt: number;
  /** Set when the silence was expired before its end. */
  expiredAt: number | null;
  expiredBy: string | null;
  /** Version of the row: the latest wins. */
  updatedAt: number;
}

export interface NewSilence {
  matchers: SilenceMatchers;
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment?: string;
}

export type SilenceStatus = 'pending' | 'active' | 'expired';

/** What a silence is matched against: an alert's token, its consumer (when known) and signal types. */
export interface SilenceTarget {
  tokenFp: string;
  consumer: string | null;
  signals: readonly string[];
}

export class InvalidSilenceError extends TokenwatchError {
  override readonly name = 'InvalidSilenceError';
  constructor(message: string) {
    super(message, { code: 'INVALID_SILENCE' });
  }
}

export function hasMatcher(m: SilenceMatchers): boolean {
  return m.token !== undefined || m.consumer !== undefined || (m.signals?.length ?? 0) > 0;
}

/** A new silence with a fresh id; throws InvalidSilenceError without a matcher or with end ≤ start. */
export function buildSilence(input: NewSilence, now: number, id: string = randomUUID()): SilenceRecord {
  if (!hasMatcher(input.matchers)) throw new InvalidSilenceError('a silence needs a token, consumer or signal matcher');
  if (!(input.endsAt > input.startsAt)) throw new InvalidSilenceError('a silence must end after it starts');
  const { token, consumer, signals } = input.matchers;
  return {
    id,
    matchers: {
      ...(token !== undefined ? { token } : {}),
      ...(consumer !== undefined ? { consumer } : {}),
      ...(signals?.length ? { signals: [...new Set(signals)].sort() } : {}),
    },
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    createdBy: input.createdBy,
    comment: input.comment ?? '',
    createdAt: now,
    expiredAt: null,
    expiredBy: null,
    updatedAt: now,
  };
}

export function silenceStatus(s: SilenceRecord, now: number): SilenceStatus {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Whether the silence mutes an alert of `target` at `now` (pure). */
export function silenceApplies(s: SilenceRecord, target: SilenceTarget, now: number): boolean {
  if (silenceStatus(s, now) !== 'active') return false;
  const { token, consumer, signals } = s.matchers;
  if (token !== undefined && token !== target.tokenFp) return false;
  if (consumer !== undefined && consumer !== target.consumer) return false;
  if (signals?.length && !target.signals.every((t) => (signals as readonly string[]).includes(t))) return false;
  return true;
}

/** One silences row (times in epoch ms). */
interface SilenceRow {
  id: string;
  token_fp: string | null;
  consumer: string | null;
  signals: string[];
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  created_at: number;
  expired_at: number | null;
  expired_by: string | null;
  updated_at: number;
}

export const SILENCE_COLUMNS = [
  'id',
  'token_fp',
  'consumer',
  'signals',
  'starts_at',
  'ends_at',
  'created_by',
  'comment',
  'created_at',
  'expired_at',
  'expired_by',
  'updated_at',
] as const;

const INSERT_SILENCE = defineInsert<SilenceRow>()({ name: 'silences.insert', table: 'silences', columns: SILENCE_COLUMNS });

function toRow(s: SilenceRecord): SilenceRow {
  return {
    id: s.id,
    token_fp: s.matchers.token ?? null,
    consumer: s.matchers.consumer ?? null,
    signals: s.matchers.signals ?? [],
    starts_at: s.startsAt,
    ends_at: s.endsAt,
    created_by: s.createdBy,
    comment: s.comment,
    created_at: s.createdAt,
    expired_at: s.expiredAt,
    expired_by: s.expiredBy,
    updated_at: s.updatedAt,
  };
}

const SilenceSelectRow = z
  .object({
    id: z.string(),
    token_fp: chNullableString,
    consumer: chNullableString,
    signals: chStrings,
    starts_ms: chNumber,
    ends_ms: chNumber,
    created_by: z.string(),
    comment: z.string(),
    created_ms: chNumber,
    expired_ms: chNullableNumber,
    expired_by: chNullableString,
    updated_ms: chNumber,
  })
  .transform((r): SilenceRecord => ({
    id: r.id,
    matchers: {
      ...(r.token_fp !== null ? { token: r.token_fp } : {}),
      ...(r.consumer !== null ? { consumer: r.consumer } : {}),
      ...(r.signals.length > 0 ? { signals: r.signals as SignalType[] } : {}),
    },
    startsAt: r.starts_ms,
    endsAt: r.ends_ms,
    createdBy: r.created_by,
    comment: r.comment,
    createdAt: r.created_ms,
    expiredAt: r.expired_ms,
    expiredBy: r.expired_by,
    updatedAt: r.updated_ms,
  }));

async function write(ch: ClickHouse, s: SilenceRecord): Promise<void> {
  unwrap(await runQuery(ch, INSERT_SILENCE, { rows: [toRow(s)] }));
}

/** Validates and stores a new silence; returns it with its id. */
export async function createSilence(ch: ClickHouse, input: NewSilence, now: number): Promise<SilenceRecord> {
  const silence = buildSilence(input, now);
  await write(ch, silence);
  return silence;
}

const LATEST = `SELECT * FROM (
  SELECT id, token_fp, consumer, signals, toUnixTimestamp64Milli(starts_at) AS starts_ms, toUnixTimestamp64Milli(ends_at) AS ends_ms,
         created_by, comment, toUnixTimestamp64Milli(created_at) AS created_ms, toUnixTimestamp64Milli(expired_at) AS expired_ms,
         expired_by, toUnixTimestamp64Milli(updated_at) AS updated_ms
  FROM {db:Identifier}.silences FINAL
)`;

const LIST = defineSelect({
  name: 'silences.list',
  sql: `${LATEST}
WHERE {all:Bool} OR ends_ms > {now:Int64}
ORDER BY created_ms DESC, id
LIMIT {limit:UInt32}`,
  params: z.object({ all: z.boolean(), now: chEpochMs, limit: chLimit }),
  row: SilenceSelectRow,
});

const BY_ID = defineSelect({
  name: 'silences.by_id',
  sql: `${LATEST}
WHERE id = {id:String}
LIMIT 1`,
  params: z.object({ id: z.string() }),
  row: SilenceSelectRow,
});

/** Silences not ended at `now` (pending or active), or every one with `all`; newest first. */
export async function listSilences(ch: ClickHouse, opts: { now: number; all?: boolean; limit?: number }): Promise<SilenceRecord[]> {
  return unwrap(await runQuery(ch, LIST, { all: opts.all === true, now: opts.now, limit: assertLimit(opts.limit ?? 10_000) }));
}

export async function getSilence(ch: ClickHouse, id: string): Promise<SilenceRecord | null> {
  const [silence] = unwrap(await runQuery(ch, BY_ID, { id }));
  return silence ?? null;
}

/**
 * Ends a silence now (a new version of its row). Null when no silence has this id; a silence that
 * already ended is returned unchanged.
 */
export async function expireSilence(ch: ClickHouse, id: string, opts: { now: number; by: string }): Promise<SilenceRecord | null> {
  const current = await getSilence(ch, id);
  if (!current || silenceStatus(current, opts.now) === 'expired') return current;
  const expired: SilenceRecord = {
    ...current,
    endsAt: opts.now,
    expiredAt: opts.now,
    expiredBy: opts.by,
    // Strictly later than the version it replaces, even within one millisecond.
    updatedAt: Math.max(opts.now, current.updatedAt + 1),
  };
  await write(ch, expired);
  return expired;
}
