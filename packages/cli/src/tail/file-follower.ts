import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where reading a file stands: the file (device, inode) and the byte after the last whole line read. */
export interface FilePosition {
  dev: number;
  ino: number;
  offset: number;
}

export interface FollowerOptions {
  /** Where to start a file with no saved position: its end (like tail -F) or its beginning. */
  start: 'end' | 'beginning';
  saved?: FilePosition;
  /** One line to the operator (missing file, truncation, rotation). */
  warn: (message: string) => void;
  /** Most bytes read per poll (default 4 MiB). */
  maxBytes?: number;
}

const NEWLINE = 0x0a;
/** A position that names no file: the next file at the path is read from its start. */
export const NEXT_FILE: FilePosition = { dev: -1, ino: -1, offset: 0 };

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Follows one log file by name, like `tail -F`: waits for it to appear, reads whole lines, survives
 * rotation (the old file is read to its end before the new one is opened, also when the rotation
 * happened while tokenwatch was stopped and the old file sits next to it under another name) and
 * truncation (reads again from the start). Positions count only bytes of lines handed out.
 */
export class FileFollower {
  private fd: number | undefined;
  private current: { dev: number; ino: number } | undefined;
  private offset = 0;
  private pending = Buffer.alloc(0);
  /** The open file is a rotated-away one to read to its end, then switch to the path. */
  private draining = false;
  private waitingWarned = false;
  private saved: FilePosition | undefined;
  /** Only a file present at the very first look, with no saved position, starts at its end. */
  private startAtEnd: boolean;

  constructor(
    readonly path: string,
    private readonly options: FollowerOptions,
  ) {
    this.saved = options.saved;
    this.startAtEnd = options.start === 'end' && options.saved === undefined;
  }

  /**
   * The position after the last whole line returned so far (what to persist once those lines are
   * sent); between a rotation and the new file, `NEXT_FILE`: whatever appears is read from its start.
   */
  position(): FilePosition | undefined {
    return this.current ? { ...this.current, offset: this.offset - this.pending.length } : this.saved;
  }

  /** The whole lines available now (without their line ends); empty when there are none. */
  poll(): string[] {
    const lines: string[] = [];
    if (this.fd === undefined && !this.open()) return lines;
    this.readAvailable(lines);
    const onDisk = statOrNull(this.path);
    const replaced = onDisk === null || onDisk.ino !== this.current?.ino || onDisk.dev !== this.current?.dev;
    if (this.draining || replaced) {
      // Rotated (or the saved file was): finish the old file, its last line even without a line end.
      while (this.fd !== undefined && this.offset < fstatSync(this.fd).size) this.readAvailable(lines);
      if (this.pending.toString('utf8').trim() !== '') lines.push(this.pending.toString('utf8'));
      this.pending = Buffer.alloc(0);
      this.close();
      this.current = undefined;
      this.saved = NEXT_FILE;
      // The gap between a rename and the new file is no news.
      this.waitingWarned = true;
      if (onDisk && this.open()) this.readAvailable(lines);
    }
    return lines;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Opens the file to read: a rotated-away saved file first, else the path. false: nothing to open yet. */
  private open(): boolean {
    const stat = statOrNull(this.path);
    const saved = this.saved;
    const startAtEnd = this.startAtEnd;
    this.startAtEnd = false;
    if (saved && (!stat || stat.ino !== saved.ino || stat.dev !== saved.dev)) {
      const rotated = this.findByInode(saved);
      if (rotated) {
        this.saved = undefined;
        this.attach(rotated, saved.offset, true);
        this.options.warn(`${this.path} was rotated while stopped: finishing ${rotated} first`);
        return true;
      }
    }
    if (!stat) {
      if (!this.waitingWarned) this.options.warn(`${this.path} does not exist (yet): waiting for it`);
      this.waitingWarned = true;
      this.current = undefined;
      this.saved = saved ?? NEXT_FILE;
      return false;
    }
    this.waitingWarned = false;
    this.saved = undefined;
    const resume = saved && stat.ino === saved.ino && stat.dev === saved.dev ? saved.offset : undefined;
    this.attach(this.path, resume ?? (startAtEnd ? stat.size : 0), false);
    return true;
  }

  private attach(file: string, offset: number, draining: boolean): void {
    this.fd = openSync(file, 'r');
    const stat = fstatSync(this.fd);
    this.current = { dev: stat.dev, ino: stat.ino };
    this.draining = draining;
    this.pending = Buffer.alloc(0);
    this.offset = offset;
    if (offset > stat.size) {
      this.options.warn(`${file} is shorter than the saved position: reading it from the start`);
      this.offset = 0;
    }
  }

  private findByInode(saved: FilePosition): string | undefined {
    const dir = dirname(this.path);
    for (const name of readdirSync(dir)) {
      if (name === basename(this.path)) continue;
      const stat = statOrNull(join(dir, name));
      if (stat?.isFile() && stat.ino === saved.ino && stat.dev === saved.dev) return join(dir, name);
    }
    return undefined;
  }

  private readAvailable(lines: string[]): void {
    if (this.fd === undefined) return;
    const size = fstatSync(this.fd).size;
    if (size < this.offset) {
      this.options.warn(`${this.path} was truncated: reading it from the start`);
      this.offset = 0;
      this.pending = Buffer.alloc(0);
    }
    const want = Math.min(size - this.offset, this.options.maxBytes ?? 4 * 1024 * 1024);
    if (want <= 0) return;
    const chunk = Buffer.alloc(want);
    const got = readSync(this.fd, chunk, 0, want, this.offset);
    this.offset += got;
    let data = this.pending.length ? Buffer.concat([this.pending, chunk.subarray(0, got)]) : chunk.subarray(0, got);
    let end = data.indexOf(NEWLINE);
    while (end >= 0) {
      const line = data.subarray(0, end).toString('utf8').replace(/\r$/, '');
      if (line.trim() !== '') lines.push(line);
      data = data.subarray(end + 1);
      end = data.indexOf(NEWLINE);
    }
    this.pending = Buffer.from(data);
  }
}
