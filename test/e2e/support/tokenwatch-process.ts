import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
}

/** The environment of a drill's `tokenwatch up` (or `run ingest`): its own home, topics, groups and database, 3 partitions, the API on a free port. */
export function upEnv({ brokers, home, prefix, viewerKey }: UpEnvOptions) {
  return {
    KAFKA_BROKERS: brokers,
    TOKENWATCH_HOME: home,
    TOKENWATCH_TOPIC_PREFIX: prefix,
    TOKENWATCH_GROUP_PREFIX: prefix,
    TOKENWATCH_PARTITIONS: '3',
    TOKENWATCH_API_PORT: '0',
    ...(viewerKey ? { TOKENWATCH_API_KEYS: `viewer:${viewerKey}` } : {}),
    CLICKHOUSE_DATABASE: prefix.replaceAll('-', '_'),
    LOG_LEVEL: 'warn',
  };
}

/**
 * Runs `tokenwatch up` (or `command`, e.g. `run ingest`) as `pnpm tokenwatch up` does (one node process with the tsx loader, so a
 * signal reaches the CLI itself) and waits until it says it is up.
 */
export async function startTokenwatchUp(env: Record<string, string>, timeoutMs = 90_000, command: string[] = ['up']): Promise<TokenwatchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...command], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tokenwatch up did not come up in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const match = output.match(/tokenwatch (?:\w+ )?is up: (http:\/\/\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tokenwatch up exited (${code}) before it was up:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}
