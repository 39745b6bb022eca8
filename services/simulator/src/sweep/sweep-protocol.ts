import type { SweepRunSpec } from './sweep-plan';
import type { SweepRunResult } from './sweep-run';

/** Messages between the sweep and its worker processes (Node IPC, JSON). */
export type ToWorker = { type: 'run'; spec: SweepRunSpec } | { type: 'stop' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; seed: string; events: number; fraction: number }
  | { type: 'done'; result: SweepRunResult; seconds: number }
  | { type: 'failed'; seed: string; message: string };

/** The side of a channel a worker sees: `process` in a forked child. */
export interface WorkerChannel {
  send(message: FromWorker): unknown;
  on(event: 'message', listener: (message: ToWorker) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}
