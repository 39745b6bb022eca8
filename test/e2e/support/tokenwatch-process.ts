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

/**
 * Runs `tokenwatch up` (or `command`, e.g. `run ingest`) as `pnpm tokenwatch up` does (one node process with the tsx loader, so a
 * signal reaches the CLI itself) and waits until it says it is up.
 */
export async function startTokenwatchUp(env: Record<string, string>, timeoutMs = 90_000, command: string[] = ['up']): Promise<TokenwatchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...command], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
