import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchWriteError, BatchWriterClosedError } from './batch-writer.types';
import { createBatchWriter } from './batch.writer';

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const networkError = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
const syntaxError = () => Object.assign(new Error('Syntax error'), { code: '62', type: 'SYNTAX_ERROR' });

/** An in-memory sink: the writer's own seam. */
function memorySink() {
  const batches: number[][] = [];
  return { batches, write: async (rows: number[]) => void batches.push(rows) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createBatchWriter', () => {
  it('writes full batches as soon as maxRows are buffered, in push order', async () => {
    const sink = memorySink();
    const w = createBatchWriter({ write: sink.write, maxRows: 3, flushIntervalMs: 60_000, maxBufferedRows: 100 });
    let secondDone = false;
    const first = w.push(range(0, 2));
    const second = w.push(range(2, 5)).then(() => (secondDone = true));
    await first;
    await vi.waitFor(() => expect(sink.batches).toHaveLength(2));
    expect(sink.batches).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(w.buffered()).toBe(1);
    expect(secondDone).toBe(false); // its last row is still buffered
    await w.flush();
    await second;
    expect(sink.batches.at(-1)).toEqual([6]);
    expect(w.buffered()).toBe(0);
    await w.close();
  });

  it('writes a partial batch once the interval has passed', async () => {
    vi.useFakeTimers();
    const sink = memorySink();
    const w = createBatchWriter({ write: sink.write, maxRows: 100, flushIntervalMs: 1_000, maxBufferedRows: 1_000 });
    let done = false;
    void w.push([1, 2, 3]).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(sink.batches).toEqual([]);
    expect(w.buffered()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.batches).toEqual([[1, 2, 3]]);
    expect(done).toBe(true);
    await w.close();
  });

  it('retries a transient error with backoff, then succeeds', async () => {
    const calls: number[][] = [];
    let failures = 2;
    const retries: number[] = [];
    const w = createBatchWriter<number>({
      write: async (rows) => {
        calls.push(rows);
        if (failures-- > 0) throw networkError();
      },
      maxRows: 10,
      flushIntervalMs: 0,
      maxBufferedRows: 100,
      retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 20 },
      onRetry: (info) => retries.push(info.attempt),
    });
    await w.push([1, 2, 3]);
    expect(calls).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(retries).toEqual([1, 2]);
    await w.close();
  });

  it("takes common's RetryPolicy and gives up after maxAttempts", async () => {
    const tries: number[] = [];
    const failing = async (rows: number[]) => {
      tries.push(rows.length);
      throw networkError();
    };
    const w = createBatchWriter<number>({
      write: failing,
      maxRows: 10,
      flushIntervalMs: 0,
      maxBufferedRows: 100,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(w.push([7])).rejects.toMatchObject({ name: 'BatchWriteError', code: 'CLICKHOUSE_BATCH_WRITE_FAILED', retriable: true, attempts: 3 });
    expect(tries).toEqual([1, 1, 1]);
    await w.close();
  });

  it('does not retry a permanent error and rejects the push', async () => {
    let calls = 0;
    const w = createBatchWriter<number>({
      write: async () => {
        calls++;
        throw syntaxError();
      },
      maxRows: 10,
      flushIntervalMs: 0,
      maxBufferedRows: 100,
      retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const err = await w.push([1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchWriteError);
    expect((err as BatchWriteError).retriable).toBe(false);
    expect((err as BatchWriteError).attempts).toBe(1);
    expect(calls).toBe(1);
    await w.close();
  });

  it('gives up after the last attempt of a transient error, and flush reports it', async () => {
    let calls = 0;
    const w = createBatchWriter<number>({
      write: async () => {
        calls++;
        throw networkError();
      },
      maxRows: 10,
      flushIntervalMs: 60_000,
      maxBufferedRows: 100,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const pushed = w.push([1, 2]).catch((e: unknown) => e);
    await expect(w.flush()).rejects.toBeInstanceOf(BatchWriteError);
    const err = (await pushed) as BatchWriteError;
    expect(err.retriable).toBe(true);
    expect(err.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(w.buffered()).toBe(0);
  });

  it('bounds the buffer: push waits while it is full, and nothing is lost', async () => {
    const written: number[] = [];
    let maxSeen = 0;
    let open = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const w = createBatchWriter<number>({
      write: async (rows) => {
        maxSeen = Math.max(maxSeen, w.buffered());
        if (!open) await gate;
        await new Promise((r) => setImmediate(r)); // a slow sink
        written.push(...rows);
      },
      maxRows: 10,
      flushIntervalMs: 60_000,
      maxBufferedRows: 25,
    });
    let settled = 0;
    const pushes = [w.push(range(0, 40)), w.push(range(40, 33))].map((p) => p.then(() => settled++));

    // The sink is stuck: the writer holds exactly its bound and both pushes wait.
    await vi.waitFor(() => expect(w.buffered()).toBe(25));
    await new Promise((r) => setTimeout(r, 20));
    expect(w.buffered()).toBe(25);
    expect(settled).toBe(0);
    expect(written).toEqual([]);

    open = true;
    release();
    await Promise.all([...pushes, w.flush()]);
    expect(maxSeen).toBeLessThanOrEqual(25);
    expect(written).toEqual(range(0, 73));
    expect(w.buffered()).toBe(0);
    await w.close();
  });

  it('close flushes what is left and refuses new rows', async () => {
    const sink = memorySink();
    const w = createBatchWriter({ write: sink.write, maxRows: 100, flushIntervalMs: 60_000, maxBufferedRows: 1_000 });
    const pushed = w.push([1, 2]);
    await w.close();
    await pushed;
    expect(sink.batches).toEqual([[1, 2]]);
    await expect(w.push([3])).rejects.toBeInstanceOf(BatchWriterClosedError);
    await w.close();
  });

  it('rejects invalid sizes', () => {
    const write = async () => undefined;
    expect(() => createBatchWriter({ write, maxRows: 0, flushIntervalMs: 1, maxBufferedRows: 1 })).toThrow(RangeError);
    expect(() => createBatchWriter({ write, maxRows: 1, flushIntervalMs: 1, maxBufferedRows: 0 })).toThrow(RangeError);
  });
});
