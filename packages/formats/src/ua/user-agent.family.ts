/**
 * The family of a User-Agent: the client software, without versions, so that "a new client for
 * this token" can be told apart from "a new patch release". Tools and SDKs come first (they are
 * what API tokens are mostly used with, and what a stolen token shows up with), then browsers.
 * The result is bounded: a known family name, or the first product token (letters, digits,
 * `._-`, at most 32 characters), or `other`.
 */
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
