import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { serial } from '@tokenwatch/common';

/** Appends JSON lines to a file (creating its folder); resolves once the data is written. */
export class NdjsonFile {
  private ready: Promise<unknown> | undefined;
  /** Concurrent appends never interleave their lines. */
  private readonly exclusive = serial();

  constructor(readonly path: string) {}

  append(values: readonly unknown[]): Promise<void> {
    // Nothing to write: resolves once the appends before it are done.
    if (values.length === 0) return this.exclusive(() => Promise.resolve());
    this.ready ??= mkdir(dirname(this.path), { recursive: true });
    const text = values.map((v) => `${JSON.stringify(v)}\n`).join('');
    return this.exclusive(async () => {
      await this.ready;
      await appendFile(this.path, text, 'utf8');
    });
  }

  /** Every line parsed as JSON; a missing file is empty; a line that is not JSON is skipped. */
  async readAll(): Promise<unknown[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: unknown[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        // A torn last line after a crash: skip it.
      }
    }
    return out;
  }
}
