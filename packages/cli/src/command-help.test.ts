import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('.', import.meta.url));
/** The command names main.ts dispatches to, read from its table so a new command cannot be missed. */
const registered = (): string[] => {
  const source = readFileSync(`${cliDir}main.ts`, 'utf8');
  const table = /const commands: Record<string, Command> = \{([\s\S]*?)\};/.exec(source)?.[1] ?? '';
  return [...table.matchAll(/^\s*'?([a-z-]+)'?:/gm)].map((m) => m[1]!);
};

it('every command answers --help and -h with its usage and exit 0, without starting anything', () => {
  const names = registered();
  expect(names.length).toBeGreaterThanOrEqual(13);
  for (const name of names) {
    for (const flag of ['--help', '-h']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', `${cliDir}main.ts`, name, flag], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, KAFKA_BROKERS: '127.0.0.1:1' },
      });
      expect({ name, flag, code: r.status, stderr: r.stderr }).toEqual({ name, flag, code: 0, stderr: '' });
      expect(r.stdout, `${name} ${flag}`).toMatch(new RegExp(`tokenwatch ${name}\\b`));
    }
  }
}, 240_000);
