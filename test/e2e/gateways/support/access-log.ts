import { existsSync, readFileSync } from 'node:fs';
import { eventually } from '../../support/eventually';

/** The non-empty lines of a log file once it holds `count` of them (gateways write after responding). */
export async function readAccessLog(file: string, count: number): Promise<string[]> {
  const lines = () =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
      : [];
  return eventually(
    async () => lines(),
    (found) => found.length >= count,
    { timeoutMs: 10_000, what: `${count} lines in ${file}` },
  );
}
