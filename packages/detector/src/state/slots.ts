/**
 * Small fixed-size "top-k" maps inside a token's Uint16 block: `n` ids at idBase and `n` counts at
 * countBase. A new id takes the slot with the lowest count (first such slot on ties); counts saturate
 * by halving every slot, so old habits fade as new ones accumulate.
 */
export function findSlot(a: Uint16Array, idBase: number, n: number, id: number): number {
  for (let i = 0; i < n; i++) if (a[idBase + i] === id) return i;
  return -1;
}

export function insertSlot(a: Uint16Array, idBase: number, countBase: number, n: number, id: number, count = 1): number {
  let best = 0;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    if (a[idBase + i] === 0) {
      best = i;
      break;
    }
    const v = a[countBase + i]!;
    if (v < min) {
      min = v;
      best = i;
    }
  }
  a[idBase + best] = id;
  a[countBase + best] = count;
  return best;
}

export function bumpSlot(a: Uint16Array, countBase: number, n: number, i: number, by = 1): void {
  const v = a[countBase + i]! + by;
  if (v < 65_000) {
    a[countBase + i] = v;
    return;
  }
  for (let j = 0; j < n; j++) a[countBase + j] = a[countBase + j]! >>> 1;
  a[countBase + i] = (v >>> 1) & 0xffff;
}

export function slotTotal(a: Uint16Array, countBase: number, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += a[countBase + i]!;
  return total;
}

/** Names of the filled slots, most used first, as "US 92%, DE 8%". */
export function describeSlots(a: Uint16Array, idBase: number, countBase: number, n: number, name: (id: number) => string, limit = 4): string {
  const total = slotTotal(a, countBase, n);
  const entries: Array<[string, number]> = [];
  for (let i = 0; i < n; i++) if (a[idBase + i] !== 0) entries.push([name(a[idBase + i]!), a[countBase + i]!]);
  entries.sort((x, y) => y[1] - x[1]);
  if (entries.length === 0) return 'none';
  const shown = entries.slice(0, limit).map(([k, v]) => `${k} ${total > 0 ? Math.round((100 * v) / total) : 0}%`);
  return shown.join(', ') + (entries.length > limit ? ` and ${entries.length - limit} more` : '');
}

export function slotNames(a: Uint16Array, idBase: number, n: number, name: (id: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) if (a[idBase + i] !== 0) out.push(name(a[idBase + i]!));
  return out;
}
