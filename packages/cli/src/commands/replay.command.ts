import { createReadStream } from 'node:fs';
import { FORMAT_NAMES, MAX_MESSAGE_CHARS, splitLines } from '@tokenwatch/formats';
import { LineSink, newReplayStats, replayAdapter, replayEnricher, replayLines, type ReplayStats } from '@tokenwatch/replay';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { ExitCode, UsageError } from '../cli-error';
import { parseCommandLine } from '../command-line';
import { createConfiguredDetector } from '../detector-config';
import { resolveHome } from '../runtime-paths';
import type { Config } from '../config/load-config';

const USAGE = 'tokenwatch replay --format F [FILE|-] [--alerts OUT] [--reorder-window SECONDS]';
/** Rejected records printed one by one before only counting them. */
const MAX_REJECTS_SHOWN = 20;

/**
 * `tokenwatch replay`: the whole detection pipeline in-process over a log file (or stdin), in event
 * time; Alert v1 NDJSON to --alerts or stdout; progress and rejected records on stderr.
 */
export async function replayCommand(args: string[], sections: Config): Promise<number> {
  const { values, positionals } = parse(args);
  if (values.format === undefined) throw new UsageError(`replay needs --format (${FORMAT_NAMES.join(', ')})\n${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`replay reads one file, got ${positionals.length}\n${USAGE}`);
  let adapter;
  try {
    adapter = replayAdapter(values.format);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; expected one of ${FORMAT_NAMES.join(', ')}`);
  }
  const windowSeconds = values['reorder-window'] === undefined ? 300 : Number(values['reorder-window']);
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0)
    throw new UsageError(`--reorder-window must be a number of seconds, got "${values['reorder-window']}"`);

  const config = sections.ingest;
  const fingerprintKey = resolveFingerprintKey({
    configured: config.TOKENWATCH_FINGERPRINT_KEY,
    home: resolveHome(config.TOKENWATCH_HOME),
    production: config.TOKENWATCH_ENV === 'production',
  });
  const file = positionals[0];
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
  const out = values.alerts === undefined ? new LineSink(process.stdout) : LineSink.toFile(values.alerts);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const stats = newReplayStats();
  let shown = 0;
  const onReject = (line: number, reason: string) => {
    if (shown++ < MAX_REJECTS_SHOWN) say(JSON.stringify({ line, reason }));
  };
  const began = performance.now();
  // Progress on a timer: alerts may be rare, reading and scoring go on between them.
  const progress = setInterval(() => say(progressLine(stats, performance.now() - began)), 2000);
  progress.unref();
  try {
    const alerts = replayLines(
      splitLines(input, MAX_MESSAGE_CHARS),
      {
        adapter,
        fingerprintKey,
        scorer: await createConfiguredDetector(config.TOKENWATCH_DETECTOR_CONFIG),
        enrich: replayEnricher(),
        maxRoutesPerToken: config.TOKENWATCH_ROUTE_CAP,
        reorderWindowMs: windowSeconds * 1000,
        onReject,
      },
      stats,
    );
    for await (const alert of alerts) await out.write(JSON.stringify(alert));
  } finally {
    clearInterval(progress);
  }
  if (values.alerts === undefined) await out.flush();
  else await out.close();
  say(
    `${progressLine(stats, performance.now() - began)} — done${shown > MAX_REJECTS_SHOWN ? ` (${shown - MAX_REJECTS_SHOWN} more rejected records not shown)` : ''}`,
  );
  if (stats.late > 0) say(`replay: ${stats.late} events arrived more than ${windowSeconds}s out of order and were scored late`);
  return ExitCode.ok;
}

function progressLine(stats: ReplayStats, elapsedMs: number): string {
  const rate = Math.round(stats.events / Math.max(0.001, elapsedMs / 1000));
  const at = stats.lastTs === null ? '' : `, event time ${new Date(stats.lastTs).toISOString()}`;
  return `replay: ${stats.lines} lines, ${stats.events} events (${rate}/s), ${stats.rejected} rejected, ${stats.alerts} alerts${at}`;
}

function parse(args: string[]) {
  return parseCommandLine(
    {
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, alerts: { type: 'string' }, 'reorder-window': { type: 'string' } },
    },
    USAGE,
  );
}
