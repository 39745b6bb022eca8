import { parseIp, type IpAddress } from '@tokenwatch/common';

/**
 * An address as gateways write it: `1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678`, `::1`, `"1.2.3.4"`.
 * The port is dropped.
 */
export function parseAddress(input: string): IpAddress | undefined {
  const host = addressHost(input);
  return host === undefined ? undefined : parseIp(host);
}

/**
 * The address part of an address as gateways write it (what parseAddress parses), without quotes,
 * brackets or port; undefined when the spelling around it is wrong (a bad port, an open bracket).
 */
export function addressHost(input: string): string | undefined {
  let text = input.trim();
  if (text.length > 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return undefined;
    if (close + 1 < text.length && !(text.charCodeAt(close + 1) === COLON && isPort(text, close + 2))) return undefined;
    return text.slice(1, close);
  }
  const colon = text.indexOf(':');
  if (colon !== -1 && colon === text.lastIndexOf(':')) return isPort(text, colon + 1) ? text.slice(0, colon) : undefined;
  return text;
}

const COLON = 58;

/** `text` from `start` to its end is 1 to 5 decimal digits. */
function isPort(text: string, start: number): boolean {
  const length = text.length - start;
  if (length < 1 || length > 5) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
