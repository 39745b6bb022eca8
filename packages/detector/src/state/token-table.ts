import { FingerprintIndex } from './fingerprint-index';
import { TOKEN_BLOCK_BYTES } from './layout';

const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;

interface Page {
  f64: Float64Array;
  f32: Float32Array;
  u32: Uint32Array;
  u16: Uint16Array;
  u8: Uint8Array;
  /** 1 where a slot holds a token. */
  live: Uint8Array;
}

/**
 * The selected token: its page's arrays and the base offset of its block in each. Signals index
 * `cur.u16[cur.b16 + U16.seasonal + how]`. One cursor is reused for every event (no allocation).
 */
export interface Cursor {
  idx: number;
  f64: Float64Array;
  f32: Float32Array;
  u32: Uint32Array;
  u16: Uint16Array;
  u8: Uint8Array;
  b64: number;
  b32f: number;
  b32: number;
  b16: number;
  b8: number;
}

/**
 * Per-token state for up to millions of tokens: fingerprint -> slot index, and pages of 1,024 token
 * blocks (no per-token objects or strings; pages are added, never copied). Freed slots are reused.
 */
export class TokenTable {
  private readonly index = new FingerprintIndex();
  private readonly pages: Page[] = [];
  private readonly free: number[] = [];
  private next = 0;

  get size(): number {
    return this.index.size;
  }

  get capacity(): number {
    return this.pages.length * PAGE_SIZE;
  }

  /** The slot of a tracked token, or -1. */
  find(fp: string): number {
    return this.index.get(fp);
  }

  fpOf(idx: number): string | undefined {
    return this.isLive(idx) ? this.index.fingerprintOf(idx) : undefined;
  }

  /** A zeroed slot for a new token (not tracked yet). */
  allocate(fp: string): number {
    let idx = this.free.pop();
    if (idx === undefined) {
      idx = this.next++;
      if (idx >= this.capacity) {
        this.pages.push(newPage());
      }
    }
    this.index.set(fp, idx);
    this.pages[idx >>> PAGE_BITS]!.live[idx & (PAGE_SIZE - 1)] = 1;
    return idx;
  }

  release(idx: number): void {
    if (!this.isLive(idx)) return;
    this.index.delete(idx);
    this.pages[idx >>> PAGE_BITS]!.live[idx & (PAGE_SIZE - 1)] = 0;
    const c = this.select(idx, scratch);
    c.u8.fill(0, c.b8, c.b8 + TOKEN_BLOCK_BYTES);
    this.free.push(idx);
  }

  private isLive(idx: number): boolean {
    return this.pages[idx >>> PAGE_BITS]?.live[idx & (PAGE_SIZE - 1)] === 1;
  }

  select(idx: number, cursor: Cursor): Cursor {
    const page = this.pages[idx >>> PAGE_BITS]!;
    const slot = idx & (PAGE_SIZE - 1);
    cursor.idx = idx;
    cursor.f64 = page.f64;
    cursor.f32 = page.f32;
    cursor.u32 = page.u32;
    cursor.u16 = page.u16;
    cursor.u8 = page.u8;
    const byte = slot * TOKEN_BLOCK_BYTES;
    cursor.b64 = byte >>> 3;
    cursor.b32f = byte >>> 2;
    cursor.b32 = byte >>> 2;
    cursor.b16 = byte >>> 1;
    cursor.b8 = byte;
    return cursor;
  }

  /** Calls fn(idx) for every live token (the fingerprint, when needed, is `fpOf(idx)`). */
  forEach(fn: (idx: number) => void): void {
    this.index.forEachSlot(fn);
  }

  /** Bytes held by the pages (allocated capacity, live or free) and the fingerprint index. */
  slabBytes(): number {
    return this.pages.length * PAGE_SIZE * (TOKEN_BLOCK_BYTES + 1) + this.index.bytes();
  }
}

function newPage(): Page {
  // one buffer per page, every token's fields in one block: an event touches few cache lines
  const buffer = new ArrayBuffer(PAGE_SIZE * TOKEN_BLOCK_BYTES);
  return {
    f64: new Float64Array(buffer),
    f32: new Float32Array(buffer),
    u32: new Uint32Array(buffer),
    u16: new Uint16Array(buffer),
    u8: new Uint8Array(buffer),
    live: new Uint8Array(PAGE_SIZE),
  };
}

export function newCursor(): Cursor {
  const empty64 = new Float64Array(0);
  return {
    idx: -1,
    f64: empty64,
    f32: new Float32Array(0),
    u32: new Uint32Array(0),
    u16: new Uint16Array(0),
    u8: new Uint8Array(0),
    b64: 0,
    b32f: 0,
    b32: 0,
    b16: 0,
    b8: 0,
  };
}

const scratch = newCursor();
