/** IPv4 / IPv6 addresses and CIDR ranges as four 32-bit words (IPv4 is mapped to ::ffff:a.b.c.d). */
export type IpWords = [number, number, number, number];

export interface CidrRange {
  words: IpWords;
  prefix: number;
}

function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value >>> 0;
}

/** Parses an IPv4 or IPv6 address; null when it is neither. */
export function parseIp(text: string): IpWords | null {
  const v4 = parseV4(text);
  if (v4 !== null) return [0, 0, 0xffff, v4];
  if (!text.includes(':')) return null;
  const zoneless = text.split('%')[0] ?? '';
  const halves = zoneless.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const g of part.split(':')) {
      const tail = g.includes('.') ? parseV4(g) : null;
      if (tail !== null) groups.push(tail >>> 16, tail & 0xffff);
      else if (/^[0-9a-fA-F]{1,4}$/.test(g)) groups.push(parseInt(g, 16));
      else return null;
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const g = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return [0, 1, 2, 3].map((i) => ((g[2 * i]! << 16) | g[2 * i + 1]!) >>> 0) as IpWords;
}

/** "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128). */
export function parseCidr(text: string): CidrRange | null {
  const [addr, bits] = text.trim().split('/');
  const words = parseIp(addr ?? '');
  if (!words) return null;
  const isV4 = parseV4(addr ?? '') !== null;
  const max = isV4 ? 32 : 128;
  const n = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(n) || n < 0 || n > max) return null;
  return { words, prefix: isV4 ? n + 96 : n };
}

export function cidrContains(range: CidrRange, ip: IpWords): boolean {
  let remaining = range.prefix;
  for (let i = 0; i < 4 && remaining > 0; i++) {
    const take = Math.min(32, remaining);
    const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
    if (((range.words[i]! ^ ip[i]!) & mask) >>> 0 !== 0) return false;
    remaining -= take;
  }
  return true;
}
