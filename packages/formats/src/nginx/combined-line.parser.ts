import type { JsonObject } from '../record-access';

/**
 * NGINX `combined` (and the stock `main` format, which appends `"$http_x_forwarded_for"`):
 * `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`.
 * Returned with nginx variable names, the keys a JSON `escape=json` format would use, so one
 * extractor reads both. Default escaping writes `"` as `\x22`; values are kept as logged.
 */
const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const LINE = new RegExp(`^(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] ${QUOTED} (\\d{1,3}) (\\d+|-) ${QUOTED} ${QUOTED}(?: ${QUOTED})?(?:\\s.*)?$`);

export function parseCombinedLine(line: string): JsonObject | undefined {
  if (line.length > 65_536) return undefined;
  const m = LINE.exec(line);
  if (!m) return undefined;
  return {
    remote_addr: m[1],
    remote_user: m[2],
    time_local: m[3],
    request: m[4],
    status: m[5],
    body_bytes_sent: m[6],
    http_referer: m[7],
    http_user_agent: m[8],
    ...(m[9] !== undefined ? { http_x_forwarded_for: m[9] } : {}),
  };
}

export interface RequestLine {
  method: string;
  target: string;
}

/** `GET /path?q HTTP/1.1` -> method and target; undefined for garbage (TLS bytes on a plain port, say). */
export function parseRequestLine(request: string | undefined): RequestLine | undefined {
  if (!request) return undefined;
  const m = /^([A-Z][A-Z0-9_-]{0,31}) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/.exec(request);
  return m ? { method: m[1]!, target: m[2]! } : undefined;
}
