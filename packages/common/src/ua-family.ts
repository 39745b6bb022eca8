/**
 * Two readings of a User-Agent, kept apart on purpose (they answer differently for bots, Samsung
 * Internet, unknown browsers and tools named after another product):
 * - `uaFamily`: the detector's key. Fast, lower case, never null; token snapshots store it and
 *   allowlists (`userAgentFamilies`) match it, so changing its answers raises new_user_agent alerts.
 * - `userAgentFamily`: a display name that knows the common tools, SDKs and bots.
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

/** Tools and SDKs first (what API tokens are mostly used with, and what a stolen token shows up with), then bots and browsers. */
const RULES: Array<[RegExp, string | ((m: RegExpExecArray) => string)]> = [
  [/\b(aws-sdk-[a-z0-9-]+?)(?=\/|\s|$)/i, (m) => m[1]!.toLowerCase()],
  [/^Boto3\//i, 'boto3'],
  [/^Botocore\//i, 'botocore'],
  [/^aws-cli\//i, 'aws-cli'],
  [/^python-requests\//i, 'python-requests'],
  [/^python-httpx\//i, 'python-httpx'],
  [/^Python-urllib\//i, 'python-urllib'],
  [/^python\/[\d.]+ aiohttp\//i, 'aiohttp'],
  [/^aiohttp\//i, 'aiohttp'],
  [/^Go-http-client\//i, 'Go-http-client'],
  [/^curl\//i, 'curl'],
  [/^Wget\//i, 'Wget'],
  [/^okhttp\//i, 'okhttp'],
  [/^HTTPie\//i, 'HTTPie'],
  [/^PostmanRuntime\//i, 'PostmanRuntime'],
  [/^insomnia\//i, 'insomnia'],
  [/^node-fetch\b/i, 'node-fetch'],
  [/^axios\//i, 'axios'],
  [/^undici\b/i, 'undici'],
  [/^got\b/i, 'got'],
  [/^node$/i, 'node'],
  [/^Apache-HttpClient\//i, 'Apache-HttpClient'],
  [/Apache-HttpClient\//i, 'Apache-HttpClient'],
  [/^Java\//i, 'Java'],
  [/^Ruby\b/i, 'Ruby'],
  [/^Faraday\b/i, 'Faraday'],
  [/^GuzzleHttp\//i, 'GuzzleHttp'],
  [/^libwww-perl\//i, 'libwww-perl'],
  [/^Dart\//i, 'Dart'],
  [/^Scrapy\//i, 'Scrapy'],
  [/^(?:Microsoft\.)?PowerShell\b|WindowsPowerShell\//i, 'PowerShell'],
  [/^k6\//i, 'k6'],
  [/^(?:Mozilla\/5\.0 )?\(compatible; ?([A-Za-z]*bot)\b/i, (m) => m[1]!],
  [/\b(Googlebot|bingbot|DuckDuckBot|YandexBot|Baiduspider|AhrefsBot|SemrushBot|GPTBot|ClaudeBot)\b/i, (m) => m[1]!],
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bCriOS\/|\bChrome\/|\bChromium\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\/|\bMobile\/\w+ Safari\//, 'Safari'],
  [/\bMSIE |\bTrident\//, 'Internet Explorer'],
];

const PRODUCT = /^([A-Za-z][A-Za-z0-9._-]{0,31})(?:\/|\s|$)/;

/**
 * The client software without versions, so that "a new client for this token" can be told apart
 * from "a new patch release". The result is bounded: a known family name, or the first product token
 * (letters, digits, `._-`, at most 32 characters), or `other`; null when there is no user agent.
 */
export function userAgentFamily(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.length > 512 ? userAgent.slice(0, 512) : userAgent;
  for (const [pattern, family] of RULES) {
    const m = pattern.exec(ua);
    if (m) return typeof family === 'string' ? family : family(m);
  }
  if (ua.startsWith('Mozilla/')) return 'other browser';
  return PRODUCT.exec(ua.trim())?.[1] ?? 'other';
}
