import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FilePosition } from './file-follower';

/** Read positions of followed files, by absolute path, kept in one JSON file (written whole, then renamed). */
export class TailPositions {
  private readonly positions: Record<string, FilePosition>;

  constructor(private readonly file: string) {
    let stored: Record<string, FilePosition> = {};
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FilePosition>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${file}: unreadable tail positions (${(error as Error).message}); remove it to start over`, { cause: error });
      }
    }
    this.positions = stored;
  }

  get(path: string): FilePosition | undefined {
    return this.positions[path];
  }

  set(path: string, position: FilePosition | undefined): void {
    if (position) this.positions[path] = position;
  }

  save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.positions, null, 1)}\n`);
    renameSync(tmp, this.file);
  }
}
