import { spawnSync } from 'node:child_process';

/** Whether a command-line tool is on PATH; tests that need one say so in their name and skip without it. */
export function hasTool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (!found) process.stderr.write(`infra test: ${name} not found; the checks that need it are skipped\n`);
  return found;
}
