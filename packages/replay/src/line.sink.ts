import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/** Writes lines to a stream in ~1 MB chunks, waiting for 'drain' when the stream is full. */
export class LineSink {
  private buffer: string[] = [];
  private size = 0;
  lines = 0;
  bytes = 0;

  constructor(private readonly out: Writable) {}

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length + 1;
    this.lines += 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = Buffer.from(`${this.buffer.join('\n')}\n`, 'utf8');
    this.buffer = [];
    this.size = 0;
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  static toFile(path: string): LineSink {
    // A high-water mark above the chunk size lets generation and disk writes overlap.
    return new LineSink(createWriteStream(path, { highWaterMark: 8 << 20 }));
  }

  /** Flushes and ends the stream (files only: never call on stdout). */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
