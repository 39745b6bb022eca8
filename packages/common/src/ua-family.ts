/**
 * The detector's reading of a User-Agent: fast, lower case, never null. Token snapshots store it and
 * allowlists (`userAgentFamilies`) match it, so changing its answers raises new_user_agent alerts.
 */

/** Browser product tokens, most specific first (Edge and Opera also say "Chrome" and "Safari"). */
const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'edge'],
  [/\b(OPR|Opera)\//, 'opera'],
  [/\bFirefox\//, 'firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'chrome'],
  [/\bSafari\//, 'safari'],
];

/**
 * The family of a User-Agent: its first product token without the version
 * (`python-requests/2.31.0` -> `python-requests`, `curl/8.4.0` -> `curl`), or the browser for
 * `Mozilla/5.0 (…)` strings. Lower case, at most 40 characters; `(none)` when absent.
 */
export function uaFamily(userAgent: string | null): string {
  if (userAgent === null) return '(none)';
  const ua = userAgent.trim();
  if (ua === '') return '(none)';
  if (ua.startsWith('Mozilla/')) {
    for (const [pattern, family] of BROWSERS) if (pattern.test(ua)) return family;
    return 'mozilla';
  }
  let end = 0;
  while (end < ua.length && end < 40) {
    const c = ua.charCodeAt(end);
    // stop at "/", space, "(", ";" or ","
    if (c === 47 || c === 32 || c === 40 || c === 59 || c === 44) break;
    end++;
  }
  const family = ua.slice(0, end).toLowerCase();
  return family === '' ? '(other)' : family;
}
