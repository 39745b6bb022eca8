import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planSweep, type SweepRunSpec } from './sweep-plan';
import { runSweepPool, type PoolProgress } from './sweep-pool';

const WORKER = fileURLToPath(new URL('./sweep-pool.worker-fixture.ts', import.meta.url));
const spawn = () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });

describe('runSweepPool', () => {
  it('runs every spec over the workers; a failing run and a dying worker are reported by seed and start, the rest goes on', async () => {
    const good = planSweep({ sets: ['hold'], seeds: 3, tokens: 5, days: 1, format: 'kong', minSeverity: 'medium' });
    const specs: SweepRunSpec[] = [
      good[0]!,
      { ...good[1]!, seed: 'bad-format', format: 'no-such-format' },
      { ...good[1]!, seed: 'crash-1' },
      good[1]!,
      good[2]!,
    ];
    const progress: PoolProgress[] = [];
    const { runs, failures } = await runSweepPool(specs, { workers: 2, spawn, onProgress: (p) => progress.push(p) });

    expect(runs.map((r) => r.spec.seed)).toEqual(['hold-01', 'hold-02', 'hold-03']);
    for (const run of runs) {
      expect(run.events).toBeGreaterThan(0);
      expect(run.seconds).toBeGreaterThanOrEqual(0);
      expect(run.report.totals.alerts).toBe(0);
    }
    expect(failures.map((f) => [f.seed, f.start])).toEqual(
      expect.arrayContaining([
        ['bad-format', good[1]!.start],
        ['crash-1', good[1]!.start],
      ]),
    );
    expect(failures.find((f) => f.seed === 'bad-format')!.message).toContain('unknown format');
    expect(failures.find((f) => f.seed === 'crash-1')!.message).toContain('worker exited (code 3)');
    expect(progress.at(-1)).toMatchObject({ total: 5, done: 3, failed: 2, events: runs.reduce((n, r) => n + r.events, 0) });
  });
});
