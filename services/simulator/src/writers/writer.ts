import type { TokenKind } from '@tokenwatch/contracts';
import type { SimEvent, TokenIdentity } from '../model/sim-event';

/** Renders simulated requests as one gateway's access-log records, one line each. */
export interface GatewayWriter {
  /** The `--format` name, the same as the adapter that reads it back. */
  readonly format: string;
  /** The AccessEvent token kind the format's adapter assigns to the credential this writer logs. */
  readonly tokenKind: TokenKind;
  /** The credential as it appears in the record (what the adapter fingerprints). */
  tokenOf(identity: TokenIdentity): string;
  /** One record, without a trailing newline. */
  write(event: SimEvent): string;
}

export const API_HOST = 'api.acme.example';

/** `host:port`, with an IPv6 address in brackets (RFC 3986), as Envoy and Traefik log peers. */
export const hostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The query parameters of a URI as a gateway logs them (decoded strings). */
export function queryObject(uri: string): Record<string, string> {
  const q = uri.indexOf('?');
  if (q === -1) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(uri.slice(q + 1))) out[key] = value;
  return out;
}

export function pathOf(uri: string): string {
  const q = uri.indexOf('?');
  return q === -1 ? uri : uri.slice(0, q);
}

/** The route template of a path, as a gateway with a parameterised route table would log it. */
export function templateOf(path: string): string {
  return path
    .split('/')
    .map((s) => (/^\d+$/.test(s) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(s) ? '{id}' : s))
    .join('/');
}

/** The gateway route a path matches: one route per resource (`/v1/accounts/...` -> `v1-accounts`). */
export function routeNameOf(path: string): string {
  const [, version, resource] = path.split('/');
  return `${version ?? 'root'}-${resource ?? 'root'}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Common Log Format time in UTC: `10/Jun/2023:15:36:28 +0000`. */
export function clfTime(ts: number): string {
  const d = new Date(ts);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

const uuidCache = new Map<string, string>();

/** A UUID-shaped id derived from a name (stable across runs); names are few (routes, services). */
export function nameUuid(name: string): string {
  let id = uuidCache.get(name);
  if (id === undefined) {
    id = computeNameUuid(name);
    if (uuidCache.size < 10_000) uuidCache.set(name, id);
  }
  return id;
}

function computeNameUuid(name: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = '';
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < name.length; i++) {
      h1 = Math.imul(h1 ^ name.charCodeAt(i), 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (name.charCodeAt(i) + round), 0x85ebca6b) >>> 0;
    }
    out += ((h1 ^ h2) >>> 0).toString(16).padStart(8, '0');
  }
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-4${out.slice(13, 16)}-a${out.slice(17, 20)}-${out.slice(20, 32)}`;
}
