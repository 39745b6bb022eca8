import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MAX_ACCESS_EVENTS_TTL_DAYS } from '@tokenwatch/clickhouse';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface TokenwatchProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

export interface UpEnvOptions {
  brokers: string;
  home: string;
  /** Topic and group prefix; the database is the same name with `_` for `-`. */
  prefix: string;
  /** Answers as `viewer` on the API; without it `up` makes its own admin key. */
  viewerKey?: string;
  /** Several members sharing one database; default the prefix's. */
  database?: string;
  /** Default 3. */
  partitions?: number;
}

/**
 * The environment of a drill's `tokenwatch up` (or `run ingest`): its own home, topics, groups and database, 3 partitions unless asked, the API on a free port.
 * Drills replay traffic of fixed past dates, so stored events are kept for the longest retention: with the default 30 days, ClickHouse's
 * TTL would delete them within seconds of their insert once the dates are a month old, and the drills' counts would fail by the calendar.
 */
export function upEnv({ brokers, home, prefix, viewerKey, database, partitions = 3 }: UpEnvOptions) {
  return {
    KAFKA_BROKERS: brokers,
    TOKENWATCH_HOME: home,
    TOKENWATCH_TOPIC_PREFIX: prefix,
    TOKENWATCH_GROUP_PREFIX: prefix,
    TOKENWATCH_PARTITIONS: String(partitions),
    TOKENWATCH_API_PORT: '0',
    ...(viewerKey ? { TOKENWATCH_API_KEYS: `viewer:${viewerKey}` } : {}),
    CLICKHOUSE_DATABASE: database ?? prefix.replaceAll('-', '_'),
    TOKENWATCH_RETENTION_DAYS: String(MAX_ACCESS_EVENTS_TTL_DAYS),
    LOG_LEVEL: 'warn',
  };
}

/** The CLI as a child process, as `pnpm tokenwatch …` runs it (one node process with the tsx loader, so a signal reaches the CLI itself). */
export function spawnCli(args: string[], env: Record<string, string>): Omit<TokenwatchProcess, 'url'> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, output: () => output, exited };
}

/** Runs `tokenwatch up` (or `command`, e.g. `run ingest`) and waits until it says it is up. */
export async function startTokenwatchUp(env: Record<string, string>, timeoutMs = 90_000, command: string[] = ['up']): Promise<TokenwatchProcess> {
  const { child, output, exited } = spawnCli(command, env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tokenwatch up did not come up in ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const check = () => {
      const match = output().match(/tokenwatch (?:\w+ )?is up: (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tokenwatch up exited (${code}) before it was up:\n${output()}`));
    });
  });
  return { child, url, output, exited };
}
