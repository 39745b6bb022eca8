import { retry as retrying } from '@tokenwatch/common';
import { BatchWriteError, BatchWriterClosedError, DEFAULT_RETRY, type BatchWriter, type BatchWriterOptions } from './batch-writer.types';
import { isTransientClickHouseError } from './transient.errors';

interface Ticket {
  remaining: number;
  settled: boolean;
  resolve(): void;
  reject(err: unknown): void;
}
interface Segment<T> {
  rows: T[];
  start: number;
  end: number;
  ticket: Ticket;
}
interface FlushWaiter {
  target: number;
  error?: unknown;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Buffers rows and writes them in batches, one batch at a time, in push order: on size, on
 * interval, on flush/close. Transient errors are retried with backoff; the buffer is bounded.
 * Pushed arrays must not be mutated until their promise settles.
 */
export function createBatchWriter<T>(opts: BatchWriterOptions<T>): BatchWriter<T> {
  const { maxRows, maxBufferedRows, flushIntervalMs } = opts;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError('maxRows must be a positive integer');
  if (!Number.isInteger(maxBufferedRows) || maxBufferedRows < 1) throw new RangeError('maxBufferedRows must be a positive integer');
  if (!(flushIntervalMs >= 0)) throw new RangeError('flushIntervalMs must be >= 0');
  const policy = opts.retry ?? DEFAULT_RETRY;
  const isTransient = opts.isTransient ?? isTransientClickHouseError;
  const random = opts.random ?? Math.random;

  const queue: Segment<T>[] = [];
  let queued = 0;
  let inFlight = 0;
  let admitted = 0; // rows ever accepted
  let taken = 0; // rows ever handed to a batch
  let processed = 0; // rows whose batch finished (written or failed)
  let admission: Promise<void> = Promise.resolve();
  let spaceWaiter: (() => void) | undefined;
  let flushRequests = 0;
  const flushWaiters: FlushWaiter[] = [];
  let timer: NodeJS.Timeout | undefined;
  let timerDue = false;
  let running = false;
  let closing: Promise<void> | undefined;

  const shouldWrite = () => queued > 0 && (queued >= maxRows || timerDue || flushRequests > 0 || spaceWaiter !== undefined);

  function kick(): void {
    if (running || !shouldWrite()) return;
    running = true;
    void drain();
  }

  async function drain(): Promise<void> {
    try {
      while (shouldWrite()) {
        timerDue = false;
        clearTimer();
        await writeBatch(take());
        if (queued > 0) armTimer();
      }
    } finally {
      running = false;
    }
  }

  function take(): Segment<T>[] {
    const batch: Segment<T>[] = [];
    let room = maxRows;
    while (room > 0 && queue.length > 0) {
      const seg = queue[0] as Segment<T>;
      const n = Math.min(room, seg.end - seg.start);
      batch.push({ ...seg, end: seg.start + n });
      seg.start += n;
      if (seg.start === seg.end) queue.shift();
      room -= n;
    }
    const n = maxRows - room;
    queued -= n;
    inFlight += n;
    taken += n;
    return batch;
  }

  async function writeBatch(batch: Segment<T>[]): Promise<void> {
    const firstSeq = taken - batch.reduce((s, seg) => s + seg.end - seg.start, 0);
    const rows: T[] = [];
    for (const seg of batch) for (let i = seg.start; i < seg.end; i++) rows.push(seg.rows[i] as T);
    let failure: BatchWriteError | undefined;
    let attempts = 0;
    try {
      await retrying(
        (attempt) => {
          attempts = attempt;
          return opts.write(rows);
        },
        policy,
        {
          sleep,
          random,
          isRetriable: (err) => safely(() => isTransient(err), false),
          onRetry: ({ attempt, delayMs, error }) => safely(() => opts.onRetry?.({ attempt, delayMs, rows: rows.length, error }), undefined),
        },
      );
    } catch (err) {
      const transient = safely(() => isTransient(err), false);
      const why = transient ? `after ${attempts} attempts` : 'permanent error';
      failure = new BatchWriteError(`batch of ${rows.length} rows not written (${why}): ${messageOf(err)}`, attempts, transient, err);
    }
    for (const seg of batch) {
      const t = seg.ticket;
      if (t.settled) continue;
      if (failure) {
        t.settled = true;
        t.reject(failure);
      } else if ((t.remaining -= seg.end - seg.start) === 0) {
        t.settled = true;
        t.resolve();
      }
    }
    inFlight -= rows.length;
    processed += rows.length;
    settleFlushWaiters(firstSeq, failure);
    const wake = spaceWaiter;
    spaceWaiter = undefined;
    wake?.();
  }

  function settleFlushWaiters(firstSeq: number, failure: unknown): void {
    for (let i = flushWaiters.length - 1; i >= 0; i--) {
      const w = flushWaiters[i] as FlushWaiter;
      if (failure !== undefined && w.target > firstSeq) w.error ??= failure;
      if (w.target > processed) continue;
      flushWaiters.splice(i, 1);
      if (w.error === undefined) w.resolve();
      else w.reject(w.error);
    }
  }

  function armTimer(): void {
    if (timer || queued === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      timerDue = true;
      kick();
    }, flushIntervalMs);
  }

  function clearTimer(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
  }

  async function admit(rows: T[], ticket: Ticket): Promise<void> {
    let offset = 0;
    while (offset < rows.length) {
      const space = maxBufferedRows - queued - inFlight;
      if (space <= 0) {
        await new Promise<void>((resolve) => {
          spaceWaiter = resolve;
          kick(); // a full buffer is written now, whatever its size
        });
        continue;
      }
      const n = Math.min(space, rows.length - offset);
      queue.push({ rows, start: offset, end: offset + n, ticket });
      offset += n;
      queued += n;
      admitted += n;
      armTimer();
      kick();
    }
  }

  async function flush(): Promise<void> {
    flushRequests++;
    try {
      kick();
      await admission;
      const target = admitted;
      if (processed >= target) return;
      await new Promise<void>((resolve, reject) => {
        flushWaiters.push({ target, resolve, reject });
        kick();
      });
    } finally {
      flushRequests--;
    }
  }

  return {
    push(rows) {
      if (closing) return Promise.reject(new BatchWriterClosedError());
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const ticket: Ticket = { remaining: rows.length, settled: false, resolve, reject };
        admission = admission.then(() => admit(rows, ticket));
      });
    },
    flush,
    close() {
      closing ??= flush().finally(clearTimer);
      return closing;
    },
    buffered: () => queued + inFlight,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300);
}

/** Callbacks must not be able to wedge the writer. */
function safely<R>(fn: () => R, fallback: R): R {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
