import { isObject, type JsonObject } from '../record-access';

/**
 * The syslog framing in front of a `log-format` line, when HAProxy logs through syslog rather than
 * `format raw`: RFC 3164 as HAProxy sends it (`<134>Dec  7 11:30:44 haproxy[81]: {…}`, a host name
 * before the tag with `log-send-hostname`), as rsyslog writes it to /var/log/haproxy.log (the same
 * without `<PRI>`, or with an RFC 3339 time), and RFC 5424 (`<134>1 TIME HOST haproxy 81 - - {…}`).
 */
const RFC3164 =
  /^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)) (?:\S+ )?[\w./-]{1,64}(?:\[\d{1,10}\])?: /;
const RFC5424 = /^<\d{1,3}>1 \S+ \S+ \S+ \S+ \S+ - /;
const MAX_LINE = 65_536;

/** The JSON object a syslog-framed line carries; undefined when the line is not framed so or not an object. */
export function decodeSyslogFramed(line: string): JsonObject | undefined {
  if (line.length > MAX_LINE) return undefined;
  const frame = RFC3164.exec(line) ?? RFC5424.exec(line);
  if (!frame || line.charCodeAt(frame[0].length) !== 0x7b) return undefined;
  try {
    const value: unknown = JSON.parse(line.slice(frame[0].length));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
