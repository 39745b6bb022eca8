import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One NAB data file: `relativePath` is `<category>/<file>.csv`, as NAB names it. */
export interface NabSeries {
  relativePath: string;
  timestampText: string[];
  valueText: string[];
  ts: number[];
  values: number[];
}

/** NAB timestamps carry no zone (`2015-02-26 21:42:53`, windows add `.000000`); they are read as UTC. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!m) throw new Error(`not a NAB timestamp: "${text}"`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

export function listDataFiles(nabDir: string): string[] {
  const dataDir = join(nabDir, 'data');
  return readdirSync(dataDir)
    .filter((category) => statSync(join(dataDir, category)).isDirectory())
    .flatMap((category) =>
      readdirSync(join(dataDir, category))
        .filter((f) => f.endsWith('.csv'))
        .map((f) => `${category}/${f}`),
    )
    .sort();
}

export function readSeries(nabDir: string, relativePath: string): NabSeries {
  const lines = readFileSync(join(nabDir, 'data', relativePath), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '');
  const series: NabSeries = { relativePath, timestampText: [], valueText: [], ts: [], values: [] };
  for (const line of lines) {
    const [tsText = '', valueText = ''] = line.split(',');
    series.timestampText.push(tsText);
    series.valueText.push(valueText);
    series.ts.push(parseNabTimestamp(tsText));
    series.values.push(Number(valueText));
  }
  return series;
}

/** The labelled windows (epoch ms pairs) per relative path; used only to score and to write NAB's `label` column. */
export function readWindows(nabDir: string, file = 'labels/combined_windows.json'): Map<string, Array<[number, number]>> {
  const raw = JSON.parse(readFileSync(join(nabDir, file), 'utf8')) as Record<string, Array<[string, string]>>;
  return new Map(
    Object.entries(raw).map(([path, windows]) => [path, windows.map(([a, b]) => [parseNabTimestamp(a), parseNabTimestamp(b)] as [number, number])]),
  );
}

export interface CostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

export function readProfiles(nabDir: string): Record<string, CostMatrix> {
  const raw = JSON.parse(readFileSync(join(nabDir, 'config/profiles.json'), 'utf8')) as Record<string, { CostMatrix: CostMatrix }>;
  return Object.fromEntries(Object.entries(raw).map(([name, p]) => [name, p.CostMatrix]));
}
