import type { AfterLearning, EvaluationReport } from './evaluation';

const seconds = (value: number | null): string => (value === null ? '-' : value < 100 ? `${value.toFixed(1)}s` : `${Math.round(value)}s`);
const percent = (value: number | null): string => (value === null ? '-' : `${(value * 100).toFixed(0)}%`);

/** The report as a fixed-width text table for a terminal. */
export function formatEvaluationTable(report: EvaluationReport): string {
  const header = ['scenario', 'label', 'episodes', 'caught', 'rate', 'median latency', 'max latency', 'alerts', 'signals seen'];
  const rows = report.scenarios.map((s) => [
    s.scenario,
    s.label,
    String(s.episodes),
    String(s.detected),
    percent(s.rate),
    seconds(s.medianLatencySec),
    seconds(s.maxLatencySec),
    String(s.alerts),
    s.signals.join(',') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const t = report.totals;
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `min severity ${report.minSeverity}, grace ${Math.round(report.graceMs / 1000)}s ("rate" is recall for attacks, the share wrongly flagged for benign look-alikes)`,
    `recall ${percent(t.recall)} (${t.detected}/${t.attackEpisodes} attack episodes), detection latency median ${seconds(t.medianLatencySec)}, p90 ${seconds(t.p90LatencySec)} (event time)`,
    `alerts ${t.alerts}: ${t.truePositiveAlerts} inside attacks, ${t.falseAlarms} false alarms = ${t.falseAlarmsPer1kTokenDays.toFixed(2)} per 1,000 token-days (${report.tokenDays} token-days); precision ${percent(t.precision)}`,
    `distinct alert ids ${t.distinctAlerts} = ${t.alertsPerTokenDay.toFixed(3)} per token-day; per attack episode with an alert: mean ${t.alertsPerAttackEpisode.mean === null ? '-' : t.alertsPerAttackEpisode.mean.toFixed(2)}, max ${t.alertsPerAttackEpisode.max}`,
    ...(t.afterLearning ? afterLearningLines(t.afterLearning) : []),
    ...(t.ignoredAlerts > 0 ? [`${t.ignoredAlerts} alert lines not counted (invalid, resolved, or below ${report.minSeverity})`] : []),
  ].join('\n');
}

function afterLearningLines(after: AfterLearning): string[] {
  const bySignal = Object.entries(after.bySignal)
    .sort(([, a], [, b]) => b - a)
    .map(([signal, n]) => `${signal} ${n}`);
  return [
    `after the learning time: ${after.falseAlarms} false alarms = ${after.falseAlarmsPer1kTokenDays.toFixed(2)} per 1,000 token-days (${Math.round(after.tokenDays)} token-days)`,
    ...(bySignal.length > 0 ? [`  false alarms containing each signal: ${bySignal.join(', ')}`] : []),
  ];
}
