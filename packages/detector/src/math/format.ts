/** Numbers for human sentences: 3 significant digits, thousands separators, no exponent below 1e9. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return String(Math.round(value));
  if (abs >= 1) return String(Math.round(value * 10) / 10);
  if (abs === 0) return '0';
  return String(Number(value.toPrecision(2)));
}

/** "p=1e-9" style: the order of magnitude of a log10 probability. */
export function fmtP(log10p: number): string {
  if (log10p > -2) return `p=${(10 ** log10p).toFixed(2)}`;
  return `p=1e${Math.floor(log10p)}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function fmtBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

export function fmtDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
