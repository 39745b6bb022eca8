import { readFile, writeFile } from 'node:fs/promises';
import { scoreSeries, type SeriesRow } from '@tokenwatch/detector';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine } from '../command-line';

const USAGE = 'tokenwatch score-series [FILE|-] [--out OUT] [--direction up|both]';
const DIRECTIONS = ['up', 'both'] as const;

/**
 * `tokenwatch score-series`: the volume detector over one entity's `timestamp,value` CSV (any unit,
 * any sampling interval; a header line is optional). Writes `timestamp,value,anomaly_score`, one row
 * per input row, with a causal score in 0..1 (6 decimals). `--direction up` (default) scores rises only,
 * as request volume needs; `both` also scores drops (what NAB labels). Timestamps: epoch seconds, epoch
 * milliseconds or ISO 8601; an ISO time without a zone is UTC, so the output never depends on the machine.
 */
export async function scoreSeriesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length > 1) throw new UsageError(`score-series reads one file, got ${positionals.length}\n${USAGE}`);
  const direction = values.direction ?? 'up';
  if (!(DIRECTIONS as readonly string[]).includes(direction)) throw new UsageError(`--direction must be one of ${DIRECTIONS.join(', ')}`);
  const file = positionals[0];
  const text = file === undefined || file === '-' ? await readStdin() : await readFile(file, 'utf8');
  const { rows, raw } = parseCsv(text);
  const scores = scoreSeries(rows, { direction: direction as (typeof DIRECTIONS)[number] });
  const lines = ['timestamp,value,anomaly_score', ...raw.map(([ts, value], i) => `${ts},${value},${scores[i]!.toFixed(6)}`)];
  const output = `${lines.join('\n')}\n`;
  if (values.out === undefined) process.stdout.write(output);
  else await writeFile(values.out, output);
  process.stderr.write(`score-series: ${rows.length} rows scored${values.out === undefined ? '' : ` to ${values.out}`}\n`);
  return ExitCode.ok;
}

/** Rows in input order, plus the original timestamp and value text to echo back. */
export function parseCsv(text: string): { rows: SeriesRow[]; raw: Array<[string, string]> } {
  const rows: SeriesRow[] = [];
  const raw: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [tsText = '', valueText = ''] = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const value = Number(valueText);
    if (rows.length === 0 && raw.length === 0 && (valueText === '' || Number.isNaN(value))) continue; // header
    const ts = parseTimestamp(tsText);
    if (ts === null) throw new Error(`line ${i + 1}: "${tsText}" is not a timestamp (epoch seconds, epoch ms or ISO 8601)`);
    if (valueText === '' || !Number.isFinite(value)) throw new Error(`line ${i + 1}: "${valueText}" is not a number`);
    rows.push({ ts, value });
    raw.push([tsText, valueText]);
  }
  return { rows, raw };
}

function parseTimestamp(text: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    return Math.abs(n) < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  const ms = Date.parse(zoneless ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isNaN(ms) ? null : ms;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parse(args: string[]) {
  return parseCommandLine({ args, allowPositionals: true, options: { out: { type: 'string' }, direction: { type: 'string' } } }, USAGE);
}
