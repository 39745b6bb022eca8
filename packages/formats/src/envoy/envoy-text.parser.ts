import type { JsonObject } from '../record-access';

/**
 * Envoy's built-in default text format:
 * `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *  %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *  "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"`
 * Returned with the Envoy Gateway JSON key names so that one extractor reads both.
 */
const LINE =
  /^\[([^\]]+)\] "(\S+) (\S+) ([^"]*)" (\d{1,3}) (\S+) (\d+|-) (\d+|-) (\d+|-) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"\s*$/;

export function parseEnvoyTextLine(line: string): JsonObject | undefined {
  if (line.length > 65_536) return undefined;
  const m = LINE.exec(line);
  if (!m) return undefined;
  return {
    start_time: m[1],
    method: m[2],
    'x-envoy-origin-path': m[3],
    protocol: m[4],
    response_code: m[5],
    response_flags: m[6],
    bytes_received: m[7],
    bytes_sent: m[8],
    duration: m[9],
    'x-envoy-upstream-service-time': m[10],
    'x-forwarded-for': m[11],
    'user-agent': m[12],
    'x-request-id': m[13],
    ':authority': m[14],
    upstream_host: m[15],
  };
}
