import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Alert, Severity, parseJsonAs } from '@tokenwatch/contracts';
import { splitLines } from '@tokenwatch/formats';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { Evaluation, LabelsFile, formatEvaluationTable } from '@tokenwatch/simulator';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine, valueOptions } from '../command-line';
import { resolveHome } from '../runtime-paths';
import type { Config } from '../config/load-config';

const USAGE = 'tokenwatch evaluate --alerts ALERTS --labels LABELS [--min-severity medium] [--grace SECONDS] [--key K] [--out JSON]';
const MAX_ALERT_LINE = 1 << 20;

/**
 * `tokenwatch evaluate`: scores an Alert v1 NDJSON file against a simulator labels file: per
 * scenario recall and detection latency (event time), false alarms per 1,000 token-days, precision.
 * The table goes to stdout, the full report to --out as JSON.
 */
export async function evaluateCommand(args: string[], sections: Config): Promise<number> {
  const { values } = parse(args);
  if (values.alerts === undefined || values.labels === undefined) throw new UsageError(`evaluate needs --alerts and --labels\n${USAGE}`);
  const minSeverity = Severity.safeParse(values['min-severity'] ?? 'medium');
  if (!minSeverity.success) throw new UsageError(`--min-severity must be one of ${Severity.options.join(', ')}`);
  const graceSeconds = values.grace === undefined ? 300 : Number(values.grace);
  if (!Number.isFinite(graceSeconds) || graceSeconds < 0) throw new UsageError(`--grace must be a number of seconds, got "${values.grace}"`);

  const labels = await readLabels(values.labels);
  const key = values.key ?? configuredFingerprintKey(sections);
  const evaluation = new Evaluation(labels, { key, minSeverity: minSeverity.data, graceMs: graceSeconds * 1000 });
  for await (const line of splitLines(createReadStream(values.alerts), MAX_ALERT_LINE)) {
    if (line.kind === 'line' && line.text.trim() === '') continue;
    evaluation.add(line.kind === 'line' ? parseJsonAs(Alert, line.text) : undefined);
  }
  const report = evaluation.report();
  process.stdout.write(`${formatEvaluationTable(report)}\n`);
  if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify({ alerts: values.alerts, labels: values.labels, ...report }, null, 2)}\n`);
  if (report.totals.alerts === 0 && report.totals.ignoredAlerts === 0) process.stderr.write('evaluate: the alerts file holds no alert\n');
  return ExitCode.ok;
}

async function readLabels(path: string): Promise<LabelsFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read labels file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = LabelsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`labels file ${path} is not a simulator labels file: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema mismatch'}`);
  }
  return parsed.data;
}

/** The key replay used: TOKENWATCH_FINGERPRINT_KEY, else the development key of TOKENWATCH_HOME (never a new one). */
function configuredFingerprintKey(sections: Config): string {
  const config = sections.ingest;
  return resolveFingerprintKey({
    configured: config.TOKENWATCH_FINGERPRINT_KEY,
    home: resolveHome(config.TOKENWATCH_HOME),
    production: config.TOKENWATCH_ENV === 'production',
    create: false,
  });
}

function parse(args: string[]) {
  return parseCommandLine(
    {
      args,
      allowPositionals: false,
      options: valueOptions('alerts', 'labels', 'min-severity', 'grace', 'key', 'out'),
    },
    USAGE,
  );
}
