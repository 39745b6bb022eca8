import type { ChildProcess } from 'node:child_process';
import type { SweepRunSpec } from './sweep-plan';
import type { FromWorker, ToWorker } from './sweep-protocol';
import type { CompletedRun } from './sweep-run';

export interface SweepFailure {
  seed: string;
  start: number;
  message: string;
}

export interface PoolProgress {
  total: number;
  done: number;
  failed: number;
  /** Events scored so far, finished runs and those under way. */
  events: number;
  /** Runs finished plus the share read of those under way. */
  runsEquivalent: number;
}

export interface PoolOptions {
  workers: number;
  /** Starts one worker process (forked, with an IPC channel), which says `ready` first. */
  spawn: () => ChildProcess;
  onProgress?: (progress: PoolProgress) => void;
  onDone?: (run: CompletedRun) => void;
  onFailed?: (failure: SweepFailure) => void;
}

/** After this many workers died before finishing a run, no new one is started (the rest fail). */
const MAX_EARLY_DEATHS = 3;
const STOP_GRACE_MS = 10_000;

/**
 * Runs the specs over `workers` child processes, one run per worker at a time. A run that throws,
 * or whose worker dies, is a failure naming its seed and start; the others go on (a dead worker is
 * replaced). Resolves with the finished runs in the order of `specs`.
 */
export function runSweepPool(specs: readonly SweepRunSpec[], options: PoolOptions): Promise<{ runs: CompletedRun[]; failures: SweepFailure[] }> {
  const queue = [...specs];
  const results = new Map<string, CompletedRun>();
  const failures: SweepFailure[] = [];
  const inFlight = new Map<string, { events: number; fraction: number }>();
  let finishedEvents = 0;
  let earlyDeaths = 0;
  let live = 0;

  return new Promise((resolve) => {
    const progress = () => {
      let events = finishedEvents;
      let share = 0;
      for (const run of inFlight.values()) {
        events += run.events;
        share += run.fraction;
      }
      options.onProgress?.({
        total: specs.length,
        done: results.size,
        failed: failures.length,
        events,
        runsEquivalent: results.size + failures.length + share,
      });
    };
    const fail = (spec: SweepRunSpec, message: string) => {
      const failure = { seed: spec.seed, start: spec.start, message };
      failures.push(failure);
      options.onFailed?.(failure);
    };
    const finishIfIdle = () => {
      if (live > 0) return;
      for (const spec of queue.splice(0)) fail(spec, `not run: ${MAX_EARLY_DEATHS} workers died before finishing a run`);
      resolve({ runs: specs.flatMap((s) => results.get(s.seed) ?? []), failures });
    };

    const startWorker = () => {
      const child = options.spawn();
      live += 1;
      let current: SweepRunSpec | undefined;
      let finishedAny = false;
      const next = () => {
        current = queue.shift();
        if (current) {
          inFlight.set(current.seed, { events: 0, fraction: 0 });
          send({ type: 'run', spec: current });
        } else {
          send({ type: 'stop' });
          setTimeout(() => child.kill(), STOP_GRACE_MS).unref();
        }
      };
      const send = (message: ToWorker) => {
        if (child.connected) child.send(message);
      };
      child.on('message', (message: FromWorker) => {
        if (message.type === 'ready') next();
        else if (message.type === 'progress') {
          inFlight.set(message.seed, { events: message.events, fraction: message.fraction });
          progress();
        } else if (message.type === 'done' || message.type === 'failed') {
          finishedAny = true;
          if (message.type === 'done') {
            const run = { ...message.result, seconds: message.seconds };
            results.set(run.spec.seed, run);
            finishedEvents += run.events;
            inFlight.delete(run.spec.seed);
            options.onDone?.(run);
          } else if (current) {
            inFlight.delete(current.seed);
            fail(current, message.message);
          }
          current = undefined;
          progress();
          next();
        }
      });
      child.on('error', () => undefined); // 'close' follows and decides
      // 'close', not 'exit': by then every message the worker sent has been read
      child.on('close', (code, signal) => {
        live -= 1;
        if (current) {
          inFlight.delete(current.seed);
          fail(current, `worker exited (${signal ?? `code ${code}`}) during the run`);
          current = undefined;
          progress();
        }
        if (!finishedAny) earlyDeaths += 1;
        if (queue.length > 0 && earlyDeaths < MAX_EARLY_DEATHS) startWorker();
        finishIfIdle();
      });
    };

    const count = Math.max(1, Math.min(options.workers, specs.length));
    if (specs.length === 0) finishIfIdle();
    else for (let i = 0; i < count; i++) startWorker();
  });
}
