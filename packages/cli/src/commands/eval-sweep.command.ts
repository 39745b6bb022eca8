import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Severity } from '@tokenwatch/contracts';
import { createDetector } from '@tokenwatch/detector';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { replayEnricher } from '@tokenwatch/replay';
import {
  SWEEP_DEFAULTS,
  SWEEP_QUICK,
  SWEEP_TARGETS,
  WRITER_FORMATS,
  formatSweepTable,
  planSweep,
  runSweepPool,
  serveSweepWorker,
  summarizeSweep,
  sweepSeeds,
  type CompletedRun,
  type PoolProgress,
  type SweepOptions,
} from '@tokenwatch/simulator';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine, valueOptions } from '../command-line';
import { loadDetectorConfig } from '../detector-config';
import { resolveHome } from '../runtime-paths';
import type { Config } from '../config/load-config';

const HELP = `tokenwatch eval-sweep [--set tune|hold|all] [--seeds N] [--tokens N] [--days D] [--workers N]
                      [--format F] [--min-severity S] [--quick] [--out DIR] [--json FILE]

Detection quality as a distribution instead of one run. Each run simulates traffic in-process
(seed, start date, N tokens × D days, labelled attacks and benign look-alikes), streams it through
the same pipeline as \`tokenwatch replay\` (the format's adapter, the fingerprint key, geo
enrichment, the detector of TOKENWATCH_DETECTOR_CONFIG or its defaults) and scores the alerts as
\`tokenwatch evaluate\` does. No files are written between the steps.

Seeds come in two fixed lists: tune-01, tune-02, … for tuning the detector and hold-01, hold-02, …
held out for reporting; each set is reported on its own. A run's start date is drawn from its seed
(never the clock): half of the seeds start in the two weeks around a clock change (EU: last Sunday
of March and October; US: 2nd Sunday of March, 1st Sunday of November), the others on any day of
2025-2027.

Reported per set: per scenario the minimum and median recall over runs; over runs the median, p95
and maximum false alarms per 1,000 token-days after the learning time; median and p90 detection
latency over every caught attack episode; alerts per attack episode (distinct alert ids whose
window overlaps the episode; mean over episodes with an alert, and max) and distinct alerts per
token-day; false alarms by signal type and by persona. Targets (issue 12, held-out set): every
attack scenario caught at >= the minimum severity in every run; p95 false alarms <= ${SWEEP_TARGETS.falseAlarmsPer1kP95}
per 1,000 token-days; median latency <= ${SWEEP_TARGETS.medianLatencySec} s; mean alerts per attack episode <= ${SWEEP_TARGETS.alertsPerAttackEpisode}.

options:
  --set tune|hold|all   which seeds (default all)
  --seeds N             seeds per set (default ${SWEEP_DEFAULTS.seeds})
  --tokens N            tokens per run (default ${SWEEP_DEFAULTS.tokens})
  --days D              simulated days per run (default ${SWEEP_DEFAULTS.days}; half of it is learning time)
  --workers N           worker processes, one run each at a time (default ${SWEEP_DEFAULTS.workers})
  --format F            gateway format of the records (default ${SWEEP_DEFAULTS.format}; ${WRITER_FORMATS.join(', ')})
  --min-severity S      alerts counted from this severity (default ${SWEEP_DEFAULTS.minSeverity})
  --quick               ${SWEEP_QUICK.seeds} seeds × ${SWEEP_QUICK.tokens} tokens × ${SWEEP_QUICK.days} days, for development (explicit options win)
  --out DIR             also keep each run's full evaluation report as DIR/runs/<seed>.json; the sweep report goes to DIR/sweep.json
  --json FILE           the sweep report (default DIR/sweep.json with --out, else <TOKENWATCH_HOME>/eval-sweep.json)

The table goes to stdout; progress (runs done, events/s, ETA) to stderr when it is a terminal, one
line per finished run always. A run that fails is reported with its seed and start, and the others
go on; the exit code is then 1. Unmet targets do not change the exit code.`;

/** The CLI entry forked for workers (this file is packages/cli/src/commands/). */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** `tokenwatch eval-sweep`: many seeds × start dates through simulate → replay → evaluate, as distributions. */
export async function evalSweepCommand(args: string[], sections: Config): Promise<number> {
  const { values } = parse(args);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return ExitCode.ok;
  }
  if (values.worker) return serveAsWorker(sections);

  const options = sweepOptions(values);
  const workers = positiveOption('--workers', values.workers, SWEEP_DEFAULTS.workers);
  const config = sections.ingest;
  await loadDetectorConfig(config.TOKENWATCH_DETECTOR_CONFIG); // a bad tuning file stops here, not in every worker
  // Created here if missing, so that every worker reads the same development key.
  resolveFingerprintKey({
    configured: config.TOKENWATCH_FINGERPRINT_KEY,
    home: resolveHome(config.TOKENWATCH_HOME),
    production: config.TOKENWATCH_ENV === 'production',
  });
  const outDir = values.out === undefined ? undefined : resolve(values.out);
  const jsonPath = resolve(values.json ?? (outDir ? join(outDir, 'sweep.json') : join(resolveHome(config.TOKENWATCH_HOME), 'eval-sweep.json')));
  if (outDir) await mkdir(join(outDir, 'runs'), { recursive: true });

  const specs = planSweep(options);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const progress = progressLine(specs.length);
  say(
    `eval-sweep: ${specs.length} runs (${options.sets.join(' + ')}, ${options.seeds} seeds each) of ${options.tokens} tokens × ${options.days} days on ${Math.min(workers, specs.length)} workers`,
  );
  const pending: Promise<void>[] = [];
  const { runs, failures } = await runSweepPool(specs, {
    workers,
    spawn: () =>
      fork(MAIN, ['eval-sweep', '--worker'], { execArgv: MAIN.endsWith('.ts') ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
    onProgress: progress.update,
    onDone: (run) => {
      progress.print(runLine(run));
      if (outDir)
        pending.push(
          writeFile(
            join(outDir, 'runs', `${run.spec.seed}.json`),
            `${JSON.stringify({ ...run.spec, events: run.events, seconds: run.seconds, skipped: run.skipped, ...run.report }, null, 2)}\n`,
          ),
        );
    },
    onFailed: (failure) => progress.print(`eval-sweep: ${failure.seed} (start ${isoDay(failure.start)}) FAILED: ${failure.message}`),
  });
  progress.clear();
  await Promise.all(pending);

  const report = summarizeSweep({ ...options, workers, detectorConfig: config.TOKENWATCH_DETECTOR_CONFIG ?? null }, runs, failures, (set) =>
    sweepSeeds(set, options.seeds),
  );
  await mkdir(resolve(jsonPath, '..'), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatSweepTable(report)}\n`);
  say(`eval-sweep: ${runs.length} runs done, ${failures.length} failed in ${progress.elapsedText()}; report in ${jsonPath}`);
  return failures.length === 0 ? ExitCode.ok : ExitCode.failure;
}

/** A forked worker: the same detector config, key and enrichment as `tokenwatch replay`; a fresh detector per run. */
async function serveAsWorker(sections: Config): Promise<number> {
  if (!process.send) throw new UsageError('--worker is internal: eval-sweep starts its workers itself');
  const config = sections.ingest;
  const detectorConfig = await loadDetectorConfig(config.TOKENWATCH_DETECTOR_CONFIG);
  const fingerprintKey = resolveFingerprintKey({
    configured: config.TOKENWATCH_FINGERPRINT_KEY,
    home: resolveHome(config.TOKENWATCH_HOME),
    production: config.TOKENWATCH_ENV === 'production',
    create: false,
  });
  const enrich = replayEnricher();
  const channel = process as unknown as Parameters<typeof serveSweepWorker>[0];
  await serveSweepWorker(
    channel,
    async () => ({ scorer: createDetector(detectorConfig), fingerprintKey, enrich }),
    () => performance.now(),
  );
  if (process.connected) process.disconnect();
  return ExitCode.ok;
}

function sweepOptions(values: ReturnType<typeof parse>['values']): SweepOptions {
  const quick = values.quick === true;
  const set = values.set ?? 'all';
  if (set !== 'tune' && set !== 'hold' && set !== 'all') throw new UsageError(`--set must be tune, hold or all, got "${set}"`);
  const format = values.format ?? SWEEP_DEFAULTS.format;
  if (!WRITER_FORMATS.includes(format)) throw new UsageError(`unknown --format "${format}"; expected one of ${WRITER_FORMATS.join(', ')}`);
  const minSeverity = Severity.safeParse(values['min-severity'] ?? SWEEP_DEFAULTS.minSeverity);
  if (!minSeverity.success) throw new UsageError(`--min-severity must be one of ${Severity.options.join(', ')}`);
  return {
    sets: set === 'all' ? ['tune', 'hold'] : [set],
    seeds: positiveOption('--seeds', values.seeds, quick ? SWEEP_QUICK.seeds : SWEEP_DEFAULTS.seeds),
    tokens: positiveOption('--tokens', values.tokens, quick ? SWEEP_QUICK.tokens : SWEEP_DEFAULTS.tokens),
    days: positiveOption('--days', values.days, quick ? SWEEP_QUICK.days : SWEEP_DEFAULTS.days, true),
    format,
    minSeverity: minSeverity.data,
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function runLine(run: CompletedRun): string {
  const t = run.report.totals;
  const fa = t.afterLearning ? `${t.afterLearning.falseAlarmsPer1kTokenDays.toFixed(2)} false alarms/1k token-days after learning` : 'no learning end';
  return `eval-sweep: ${run.spec.seed} start ${isoDay(run.spec.start)}${run.spec.dstChange ? ` (${run.spec.dstChange})` : ''}: ${run.events.toLocaleString('en-US')} events in ${Math.round(run.seconds)} s, caught ${t.detected}/${t.attackEpisodes}, ${fa}`;
}

/** Progress on stderr: rewritten in place on a terminal, absent otherwise. */
function progressLine(total: number) {
  const tty = process.stderr.isTTY === true;
  const began = performance.now();
  let shown = false;
  let last = 0;
  const elapsed = () => (performance.now() - began) / 1000;
  const clear = () => {
    if (shown) process.stderr.write('\r\x1b[K');
    shown = false;
  };
  return {
    update(p: PoolProgress) {
      if (!tty || performance.now() - last < 500) return;
      last = performance.now();
      const seconds = elapsed();
      const eta = p.runsEquivalent > 0 ? (seconds * (total - p.runsEquivalent)) / p.runsEquivalent : null;
      clear();
      process.stderr.write(
        `eval-sweep: ${p.done}/${total} runs done${p.failed > 0 ? `, ${p.failed} failed` : ''}, ${Math.round(p.events / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s, ETA ${eta === null ? '?' : duration(eta)}`,
      );
      shown = true;
    },
    print(line: string) {
      clear();
      process.stderr.write(`${line}\n`);
    },
    clear,
    elapsedText: () => duration(elapsed()),
  };
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const OPTIONS = {
  ...valueOptions('set', 'seeds', 'tokens', 'days', 'workers', 'format', 'min-severity', 'out', 'json'),
  quick: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  worker: { type: 'boolean' },
} as const;

function parse(args: string[]) {
  return parseCommandLine({ args, options: OPTIONS, allowPositionals: false }, HELP.split('\n\n')[0]!);
}

/** A positive option value (a whole number unless `fractional`), or the fallback when absent. */
function positiveOption(flag: string, value: string | undefined, fallback: number, fractional = false): number {
  const n = value === undefined ? fallback : Number(value);
  if (Number.isFinite(n) && n > 0 && (fractional || Number.isInteger(n))) return n;
  throw new UsageError(`${flag} must be a positive ${fractional ? 'number' : 'whole number'}, got "${value}"`);
}
