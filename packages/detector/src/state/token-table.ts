import { LAYOUT } from './layout';

const { F32, F64, U16, U32, U8 } = LAYOUT;

const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;

interface Page {
  f64: Float64Array;
  f32: Float32Array;
  u32: Uint32Array;
  u16: Uint16Array;
  u8: Uint8Array;
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
 * Per-token state for up to millions of tokens: fingerprint -> slot index, and typed-array pages of
 * 1,024 tokens (no per-token objects, no large copies when growing). Freed slots are reused.
 */
export class TokenTable {
  readonly index = new Map<string, number>();
  private readonly fps: Array<string | undefined> = [];
  private readonly pages: Page[] = [];
  private readonly free: number[] = [];
  private next = 0;

  get size(): number {
    return this.index.size;
  }

  get capacity(): number {
    return this.pages.length * PAGE_SIZE;
  }

  fpOf(idx: number): string | undefined {
    return this.fps[idx];
  }

  /** A zeroed slot for a new token. */
  allocate(fp: string): number {
    let idx = this.free.pop();
    if (idx === undefined) {
      idx = this.next++;
      if (idx >= this.capacity) this.pages.push(newPage());
    }
    this.index.set(fp, idx);
    this.fps[idx] = fp;
    return idx;
  }

  release(idx: number): void {
    const fp = this.fps[idx];
    if (fp === undefined) return;
    this.index.delete(fp);
    this.fps[idx] = undefined;
    const c = this.select(idx, scratch);
    c.f64.fill(0, c.b64, c.b64 + F64.STRIDE);
    c.f32.fill(0, c.b32f, c.b32f + F32.STRIDE);
    c.u32.fill(0, c.b32, c.b32 + U32.STRIDE);
    c.u16.fill(0, c.b16, c.b16 + U16.STRIDE);
    c.u8.fill(0, c.b8, c.b8 + U8.STRIDE);
    this.free.push(idx);
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
    cursor.b64 = slot * F64.STRIDE;
    cursor.b32f = slot * F32.STRIDE;
    cursor.b32 = slot * U32.STRIDE;
    cursor.b16 = slot * U16.STRIDE;
    cursor.b8 = slot * U8.STRIDE;
    return cursor;
  }

  /** Calls fn(idx, fp) for every live token. */
  forEach(fn: (idx: number, fp: string) => void): void {
    for (const [fp, idx] of this.index) fn(idx, fp);
  }

  /** Bytes held by the pages (allocated capacity, live or free). */
  slabBytes(): number {
    const p = this.pages[0];
    if (!p) return 0;
    return this.pages.length * (p.f64.byteLength + p.f32.byteLength + p.u32.byteLength + p.u16.byteLength + p.u8.byteLength);
  }
}

function newPage(): Page {
  return {
    f64: new Float64Array(PAGE_SIZE * F64.STRIDE),
    f32: new Float32Array(PAGE_SIZE * F32.STRIDE),
    u32: new Uint32Array(PAGE_SIZE * U32.STRIDE),
    u16: new Uint16Array(PAGE_SIZE * U16.STRIDE),
    u8: new Uint8Array(PAGE_SIZE * U8.STRIDE),
  };
}

export function newCursor(): Cursor {
  const empty64 = new Float64Array(0);
  return {
    idx: -1, f64: empty64, f32: new Float32Array(0), u32: new Uint32Array(0), u16: new Uint16Array(0), u8: new Uint8Array(0),
    b64: 0, b32f: 0, b32: 0, b16: 0, b8: 0,
  };
}

const scratch = newCursor();
