import { parseArgs } from 'node:util';
import { countTokenBaselines, insertTokenBaselines, readAccessEventHistory } from '@tokenwatch/clickhouse';
import { toBaselineRecord } from '@tokenwatch/ingest';
import { ExitCode, UsageError } from '../cli-error';
import type { Config } from '../config/load-config';
import { createConfiguredDetector } from '../detector-config';
import { openRuntime, type Runtime } from '../runtime/open-runtime';

const USAGE = `tokenwatch baselines rebuild --since DURATION [--dry-run]   relearn every token from stored events (e.g. --since 14d)
tokenwatch baselines status                                  tokens with a stored baseline, and how many are past learning`;

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30d`, `12h`, `2w`, `90m` -> milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+)([mhdw])$/.exec(text.trim());
  if (!match) throw new UsageError(`"${text}" is not a duration; use a number and one of m, h, d, w (e.g. 14d)`);
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms <= 0) throw new UsageError(`--since must be more than 0, got "${text}"`);
  return ms;
}

/** `tokenwatch baselines rebuild|status`. */
export async function baselinesCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'rebuild') return rebuild(rest, config);
  if (sub === 'status') return status(rest, config);
  throw new UsageError(sub === undefined ? `baselines needs a subcommand\n${USAGE}` : `unknown baselines subcommand "${sub}"\n${USAGE}`);
}

/** The configured ClickHouse, opened as it is (no migration): baselines read and write what the services stored. */
const openStore = (config: Config): Promise<Runtime> => openRuntime(config, { name: 'tokenwatch-baselines', needs: ['clickhouse'] });

/**
 * Replays the stored events of the last DURATION through a fresh detector, in event time, and writes
 * every token's resulting baseline (alerts of the replay are discarded). For a new detector config, or
 * baselines lost or never written. Run it while the scorer is stopped: a running scorer's next save of
 * a token with newer events wins over the rebuilt row.
 */
async function rebuild(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { since: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, allowPositionals: false });
  if (values.since === undefined) throw new UsageError(`baselines rebuild needs --since\n${USAGE}`);
  const until = Date.now();
  const since = until - parseDuration(values.since);
  const rt = await openStore(config);
  try {
    const ch = await rt.clickhouse();
    const detector = await createConfiguredDetector(config.detector.configFile);
    const started = performance.now();
    let events = 0;
    for await (const page of readAccessEventHistory(ch, { since, until })) {
      for (const event of page) detector.observe(event);
      events += page.length;
      if (events % 200_000 < page.length) process.stderr.write(`rebuild: ${events} events, ${detector.trackedTokens()} tokens\n`);
    }
    const snapshots = detector.evict(Number.MAX_SAFE_INTEGER);
    const active = snapshots.filter((s) => s.learning === 'active').length;
    if (!values['dry-run'])
      await insertTokenBaselines(
        ch,
        snapshots.map((s) => toBaselineRecord(s, 'rebuild')),
      );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `baselines ${values['dry-run'] ? 'computed (dry run, nothing written)' : 'rebuilt'}: ${snapshots.length} tokens (${active} past learning) from ${events} events since ${new Date(since).toISOString()} in ${seconds.toFixed(1)} s\n`,
    );
    return ExitCode.ok;
  } finally {
    await rt.close();
  }
}

async function status(args: string[], config: Config): Promise<number> {
  parseArgs({ args, options: {}, allowPositionals: false });
  const rt = await openStore(config);
  try {
    const ch = await rt.clickhouse();
    const { tokens, active } = await countTokenBaselines(ch);
    process.stdout.write(`token baselines: ${tokens} tokens, ${active} past learning, ${tokens - active} learning (database ${ch.database})\n`);
    return ExitCode.ok;
  } finally {
    await rt.close();
  }
}
