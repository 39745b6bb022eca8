/**
 * IP address parsing without node:net (common stays pure): strict IPv4 (no leading zeros, no
 * shorthand), IPv6 (with an optional embedded IPv4 tail and zone id), IPv4-mapped IPv6 folded to IPv4.
 */
export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
  /** Canonical text: dotted IPv4, or RFC 5952 compressed lowercase IPv6. */
  text: string;
}

export function parseIp(input: string): IpAddress | undefined {
  if (input.length === 0 || input.length > 64) return undefined;
  const v4 = parseIpv4(input);
  if (v4) return { version: 4, bytes: v4, text: input };
  const v6 = parseIpv6(input);
  if (!v6) return undefined;
  if (isV4Mapped(v6)) {
    const bytes = v6.slice(12);
    return { version: 4, bytes, text: bytes.join('.') };
  }
  return { version: 6, bytes: v6, text: formatIpv6(v6) };
}

/** Dotted quad, strictly: four decimal octets 0..255 without leading zeros (`010.1.1.1` is refused). */
function parseIpv4(text: string): Uint8Array | undefined {
  if (text.length < 7 || text.length > 15) return undefined;
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined; // leading zero
      value = value * 10 + (c - 48);
      if (value > 255) return undefined;
      digits++;
    } else {
      return undefined;
    }
  }
  return part === 4 ? bytes : undefined;
}

function parseIpv6(input: string): Uint8Array | undefined {
  let text = input;
  const zone = text.indexOf('%');
  if (zone !== -1) text = text.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const groups: number[] = [];
  const pushGroups = (parts: string[], target: number[], allowV4Tail: boolean): boolean => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (allowV4Tail && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return false;
        target.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return false;
        target.push(parseInt(part, 16));
      }
    }
    return true;
  };
  const tailGroups: number[] = [];
  if (!pushGroups(head, groups, halves.length === 1)) return undefined;
  if (!pushGroups(tail, tailGroups, true)) return undefined;
  if (halves.length === 1) {
    if (groups.length !== 8) return undefined;
  } else {
    const missing = 8 - groups.length - tailGroups.length;
    if (missing < 1) return undefined;
    for (let i = 0; i < missing; i++) groups.push(0);
  }
  groups.push(...tailGroups);
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** RFC 5952: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
