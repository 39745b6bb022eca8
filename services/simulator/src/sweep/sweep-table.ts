import type { RunRow, SetSummary, SweepReport, TargetResult } from './sweep-summary';

const percent = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(0)}%`);
const secs = (v: number | null): string => (v === null ? '-' : v < 100 ? v.toFixed(1) : String(Math.round(v)));
const num = (v: number | null, digits = 2): string => (v === null ? '-' : v.toFixed(digits));
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const count = (n: number): string => n.toLocaleString('en-US');
const verdict = (t: TargetResult): string => (t.met === null ? 'n/a' : t.met ? 'met' : 'NOT MET');

/** Fixed-width columns; `right` marks the columns aligned right (numbers). */
function table(header: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const SET_TITLE = { hold: 'held-out set', tune: 'tuning set' } as const;

/** The sweep report for a terminal: per set the scenarios, the distributions, the targets; then every run. */
export function formatSweepTable(report: SweepReport): string {
  const o = report.options;
  const out: string[] = [
    `sweep: ${o.tokens} tokens × ${o.days} days per run, ${o.format} records, alerts >= ${o.minSeverity}, detector ${o.detectorConfig ?? 'defaults'}`,
  ];
  for (const set of report.sets) out.push('', ...setLines(set));
  out.push('', 'runs', ...runLines(report.runs));
  if (report.failures.length > 0)
    out.push('', `FAILED RUNS (${report.failures.length})`, ...report.failures.map((f) => `  ${f.seed} (start ${day(f.start)}): ${f.message}`));
  return out.join('\n');
}

function setLines(s: SetSummary): string[] {
  const first = s.seeds[0] ?? '-';
  const last = s.seeds[s.seeds.length - 1] ?? '-';
  const attacks = s.scenarios.filter((c) => c.label === 'attack');
  const benign = s.scenarios.filter((c) => c.label === 'benign');
  const fa = s.falseAlarmsPer1kTokenDays;
  const distinct = s.distinctFalseAlarmsPer1kTokenDays;
  const caught = attacks.reduce((n, c) => n + c.detected, 0);
  return [
    `${SET_TITLE[s.set]} (${first} … ${last}): ${s.runs} runs${s.failed > 0 ? `, ${s.failed} FAILED` : ''}, ${count(s.events)} events`,
    ...table(
      ['attack scenario', 'runs', 'recall min', 'median', 'latency median', 'p90', 'alerts/episode mean', 'max', 'missed in'],
      attacks.map((c) => [
        c.scenario,
        String(c.runs),
        percent(c.minRate),
        percent(c.medianRate),
        secs(c.medianLatencySec),
        secs(c.p90LatencySec),
        num(c.alertsPerEpisode.mean),
        String(c.alertsPerEpisode.max),
        c.offRuns.join(',') || '-',
      ]),
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
    ...(benign.length > 0
      ? [
          '',
          ...table(
            ['benign look-alike', 'runs', 'flagged', 'alerts/episode max', 'flagged in'],
            benign.map((c) => [c.scenario, String(c.runs), `${c.detected}/${c.episodes}`, String(c.alertsPerEpisode.max), c.offRuns.join(',') || '-']),
            new Set([1, 2, 3]),
          ),
        ]
      : []),
    '',
    `false alarms per 1,000 token-days after learning, over runs: median ${num(fa.median)}, p95 ${num(fa.p95)}, max ${num(fa.max)} (each alert id once: p95 ${num(distinct.p95)}, max ${num(distinct.max)})`,
    `detection latency over ${caught} caught attack episodes (event time): median ${secs(s.latencySec.median)} s, p90 ${secs(s.latencySec.p90)} s`,
    `alerts per attack episode: mean ${num(s.alertsPerAttackEpisode.mean)}, max ${s.alertsPerAttackEpisode.max}; distinct alerts per token-day: median ${num(s.alertsPerTokenDay.median, 4)}, max ${num(s.alertsPerTokenDay.max, 4)}`,
    `false alarms after learning containing each signal: ${breakdown(s.falseAlarmsBySignal)}`,
    `false alarms after learning by persona: ${
      Object.entries(s.falseAlarmsByPersona)
        .sort(([, a], [, b]) => b.falseAlarms - a.falseAlarms)
        .map(([p, v]) => `${p} ${v.falseAlarms} (${num(v.falseAlarmsPer1kTokenDays)}/1k token-days)`)
        .join(', ') || '-'
    }`,
    '',
    ...table(
      ['target', 'goal', 'value', ''],
      s.targets.map((t) => [t.name, t.target, t.value, verdict(t)]),
      new Set(),
    ),
  ];
}

function breakdown(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k} ${n}`).join(', ');
}

function runLines(runs: readonly RunRow[]): string[] {
  return table(
    ['seed', 'start', 'clock change', 'events', 'caught', 'FA/1k after learning', 'median latency', 'alerts/episode', 'wall'],
    runs.map((r) => [
      r.seed,
      day(r.start),
      r.dstChange ?? '-',
      count(r.events),
      `${r.detected}/${r.attackEpisodes}`,
      num(r.falseAlarmsPer1kTokenDays),
      secs(r.medianLatencySec),
      num(r.alertsPerAttackEpisode.mean),
      `${Math.round(r.seconds)} s`,
    ]),
    new Set([3, 4, 5, 6, 7, 8]),
  );
}
