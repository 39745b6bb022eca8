import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scoreSeries, type ScoreSeriesOptions } from '../../packages/detector/src/series/score-series';
import { listDataFiles, readProfiles, readSeries, readWindows } from './nab-corpus';
import { scoreCorpus, type CorpusFile } from './nab-score';

/**
 * Scores every NAB data file with `scoreSeries` (what `tokenwatch score-series --direction both` computes)
 * and writes NAB's results layout, `results/<detector>/<category>/<detector>_<file>.csv`
 * (`timestamp,value,anomaly_score,label`), then runs NAB's own optimizer, scorer and normalizer.
 * The model never sees the labels: the `label` column is written afterwards because NAB's format has it.
 *
 *   node --import tsx scripts/nab/score-nab.ts --nab <NAB checkout> [--detector tokenwatch] [--python python3] [--no-python] [--quick]
 * `--quick` prints only the re-implemented scores (halves and all files, about 2 s): no results files, no Python.
 */
const { values } = parseArgs({
  options: {
    nab: { type: 'string', default: '.tokenwatch/nab' },
    detector: { type: 'string', default: 'tokenwatch' },
    python: { type: 'string', default: 'python3' },
    direction: { type: 'string', default: 'both' },
    'no-python': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});
const nab = resolve(values.nab);
const detector = values.detector;
const options: ScoreSeriesOptions = { direction: values.direction === 'up' ? 'up' : 'both' };

const windows = readWindows(nab);
const files: Array<{ path: string; corpus: CorpusFile }> = [];
let rows = 0;
let confident = 0;
const started = Date.now();
for (const path of listDataFiles(nab)) {
  const series = readSeries(nab, path);
  const fileWindows = windows.get(path);
  if (fileWindows === undefined) continue; // NAB scores only the files its windows file lists
  const text = scoreSeries(
    series.ts.map((ts, i) => ({ ts, value: series.values[i]! })),
    options,
  ).map((s) => s.toFixed(6));
  const scores = text.map(Number);
  const inWindow = (t: number) => fileWindows.some(([a, b]) => t >= a && t <= b);
  const lines = [
    'timestamp,value,anomaly_score,label',
    ...series.ts.map((t, i) => `${series.timestampText[i]},${series.valueText[i]},${text[i]},${inWindow(t) ? 1 : 0}`),
  ];
  const [category, name] = path.split('/') as [string, string];
  const out = join(nab, 'results', detector, category, `${detector}_${name}`);
  if (!values.quick) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${lines.join('\n')}\n`);
  }
  files.push({ path, corpus: { ts: series.ts, scores, windows: fileWindows } });
  rows += scores.length;
  confident += scores.filter((s) => s >= 0.9).length;
}
console.log(`scored ${files.length} files, ${rows} rows in ${Date.now() - started} ms; ${confident} rows score >= 0.9`);

// The halves: files in sorted order, 1st, 3rd, ... (tuning) and 2nd, 4th, ... (held out), each with its own threshold.
const profiles = readProfiles(nab);
const half = (parity: number) => files.filter((_, i) => i % 2 === parity).map((f) => f.corpus);
for (const [profile, cost] of Object.entries(profiles)) {
  const [all, tuning, heldOut] = [files.map((f) => f.corpus), half(0), half(1)].map((set) => scoreCorpus(set, cost));
  console.log(
    `re-implemented scorer, ${profile}: all ${all!.normalized.toFixed(2)} (threshold ${all!.threshold}, ${all!.tp} window rows and ${all!.fp} other rows detected); ` +
      `tuning half ${tuning!.normalized.toFixed(2)}, held-out half ${heldOut!.normalized.toFixed(2)}`,
  );
}

if (!values['no-python'] && !values.quick) {
  console.log(`NAB's scorer: ${values.python} run.py -d ${detector} --optimize --score --normalize --skipConfirmation (in ${nab})`);
  const run = spawnSync(values.python, ['run.py', '-d', detector, '--optimize', '--score', '--normalize', '--skipConfirmation', '-n', '1'], {
    cwd: nab,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}\n${run.stderr}\nNAB's scorer failed (exit ${run.status}); it needs Python 3 with pandas.\n`);
    process.exit(1);
  }
  for (const line of run.stdout.split('\n')) if (/^(Optimizer found|Final score)/.test(line)) console.log(line);
}
