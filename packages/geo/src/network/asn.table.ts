/**
 * IP ranges -> autonomous system, from ip-location-db's `asn-ipv4-num.csv` / `asn-ipv6-num.csv`
 * (`first,last,asn,organisation`, sorted by first address, addresses as decimal integers), held in
 * typed arrays and searched by bisection. One table per address family.
 */
export interface AsnRow {
  asn: number;
  org: string | null;
}

export interface AsnMatch {
  /** The row's index, or -1 when no range holds the address. */
  row: number;
  /** 24 / 48 when the answer (a range or a gap) spans the address's whole /24 (IPv4) or /48 (IPv6), else 32 / 128. */
  prefixLength: number;
}

export class AsnTable {
  private constructor(
    readonly version: 4 | 6,
    /** IPv4: one word per range; IPv6: four words (big-endian) per range. */
    private readonly firsts: Uint32Array,
    private readonly lasts: Uint32Array,
    private readonly asns: Uint32Array,
    private readonly orgIds: Uint32Array,
    private readonly orgs: readonly string[],
  ) {}

  get size(): number {
    return this.asns.length;
  }

  asnAt(row: number): number {
    return this.asns[row]!;
  }

  orgAt(row: number): string | null {
    return this.orgs[this.orgIds[row]!] || null;
  }

  /** The range holding an address given as 4 (IPv4) or 16 (IPv6) bytes. */
  find(bytes: Uint8Array): AsnMatch {
    return this.version === 4 ? this.find4(bytes) : this.find6(bytes);
  }

  private find4(bytes: Uint8Array): AsnMatch {
    const ip = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const blockFirst = (ip & 0xffffff00) >>> 0;
    const blockLast = blockFirst + 255;
    let lo = 0;
    let hi = this.firsts.length - 1;
    let at = -1; // last range whose first address is <= ip
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.firsts[mid]! <= ip) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0 && ip <= this.lasts[at]!) {
      const whole = this.firsts[at]! <= blockFirst && this.lasts[at]! >= blockLast;
      return { row: at, prefixLength: whole ? 24 : 32 };
    }
    const gapWhole = (at < 0 || this.lasts[at]! < blockFirst) && (at + 1 >= this.firsts.length || this.firsts[at + 1]! > blockLast);
    return { row: -1, prefixLength: gapWhole ? 24 : 32 };
  }

  private find6(bytes: Uint8Array): AsnMatch {
    const ip = wordsOf(bytes);
    const blockFirst = [ip[0]!, (ip[1]! & 0xffff0000) >>> 0, 0, 0];
    const blockLast = [ip[0]!, (ip[1]! | 0xffff) >>> 0, 0xffffffff, 0xffffffff];
    const count = this.asns.length;
    let lo = 0;
    let hi = count - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compare6(this.firsts, mid, ip) <= 0) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0 && compare6(this.lasts, at, ip) >= 0) {
      const whole = compare6(this.firsts, at, blockFirst) <= 0 && compare6(this.lasts, at, blockLast) >= 0;
      return { row: at, prefixLength: whole ? 48 : 128 };
    }
    const gapWhole = (at < 0 || compare6(this.lasts, at, blockFirst) < 0) && (at + 1 >= count || compare6(this.firsts, at + 1, blockLast) > 0);
    return { row: -1, prefixLength: gapWhole ? 48 : 128 };
  }

  /** Parses a `*-num.csv` file. Rows that do not parse are skipped; out-of-order rows throw (the search needs order). */
  static parse(csv: string, version: 4 | 6): AsnTable {
    const width = version === 4 ? 1 : 4;
    const estimate = countLines(csv);
    let firsts = new Uint32Array(estimate * width);
    let lasts = new Uint32Array(estimate * width);
    const asns = new Uint32Array(estimate);
    const orgIds = new Uint32Array(estimate);
    const orgs: string[] = [''];
    const orgIndex = new Map<string, number>([['', 0]]);
    let rows = 0;
    let start = 0;
    while (start < csv.length) {
      let end = csv.indexOf('\n', start);
      if (end === -1) end = csv.length;
      const line = csv.charCodeAt(end - 1) === 13 ? csv.slice(start, end - 1) : csv.slice(start, end);
      start = end + 1;
      const c1 = line.indexOf(',');
      const c2 = line.indexOf(',', c1 + 1);
      const c3 = line.indexOf(',', c2 + 1);
      if (c1 <= 0 || c2 <= c1 || c3 <= c2) continue;
      const asn = Number(line.slice(c2 + 1, c3));
      if (!Number.isInteger(asn) || asn < 0 || asn > 0xffffffff) continue;
      if (version === 4) {
        const first = Number(line.slice(0, c1));
        const last = Number(line.slice(c1 + 1, c2));
        if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 0 && first <= last && last <= 0xffffffff)) continue;
        if (rows > 0 && first < firsts[rows - 1]!) throw new Error(`ASN table not sorted at row ${rows}`);
        firsts[rows] = first;
        lasts[rows] = last;
      } else {
        const first = toBigInt(line.slice(0, c1));
        const last = toBigInt(line.slice(c1 + 1, c2));
        if (first === undefined || last === undefined || first > last || last >= 1n << 128n) continue;
        setWords(firsts, rows, first);
        setWords(lasts, rows, last);
        if (rows > 0 && compareRows(firsts, rows - 1, rows) > 0) throw new Error(`ASN table not sorted at row ${rows}`);
      }
      const org = unquote(line.slice(c3 + 1));
      let id = orgIndex.get(org);
      if (id === undefined) {
        id = orgs.push(org) - 1;
        orgIndex.set(org, id);
      }
      asns[rows] = asn;
      orgIds[rows] = id;
      rows++;
    }
    firsts = firsts.slice(0, rows * width);
    lasts = lasts.slice(0, rows * width);
    return new AsnTable(version, firsts, lasts, asns.slice(0, rows), orgIds.slice(0, rows), orgs);
  }
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function toBigInt(text: string): bigint | undefined {
  if (!/^\d{1,39}$/.test(text)) return undefined;
  return BigInt(text);
}

function setWords(target: Uint32Array, row: number, value: bigint): void {
  for (let w = 0; w < 4; w++) target[row * 4 + w] = Number((value >> BigInt(96 - 32 * w)) & 0xffffffffn);
}

function wordsOf(bytes: Uint8Array): number[] {
  const words: number[] = [];
  for (let w = 0; w < 4; w++) words.push(((bytes[w * 4]! << 24) | (bytes[w * 4 + 1]! << 16) | (bytes[w * 4 + 2]! << 8) | bytes[w * 4 + 3]!) >>> 0);
  return words;
}

/** Sign of (row of `table`) - `ip`, both 128-bit, as four big-endian words. */
function compare6(table: Uint32Array, row: number, ip: readonly number[]): number {
  for (let w = 0; w < 4; w++) {
    const a = table[row * 4 + w]!;
    const b = ip[w]!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

function compareRows(table: Uint32Array, a: number, b: number): number {
  return compare6(table, a, [table[b * 4]!, table[b * 4 + 1]!, table[b * 4 + 2]!, table[b * 4 + 3]!]);
}

/** A CSV field: quotes removed (`""` is a quote), surrounding spaces trimmed. */
function unquote(field: string): string {
  const text = field.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replaceAll('""', '"').trim();
  return text;
}
