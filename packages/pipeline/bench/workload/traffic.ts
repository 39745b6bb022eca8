/**
 * The traffic every format's generator draws from, seeded so that every run sees the same records:
 * a few thousand tokens of mixed credential kinds, public client addresses (some IPv6, some behind
 * a private proxy with X-Forwarded-For), REST paths with numeric, UUID and hex ids and query strings,
 * common API clients and a realistic status mix.
 */
import { seededRandom } from '@tokenwatch/formats';

export type CredentialKind = 'credential_id' | 'api_key' | 'bearer_jwt' | 'bearer' | 'basic' | 'query_key';

export interface Token {
  kind: CredentialKind;
  /** The credential as the client sent it (a key, `Bearer …`, `Basic …`) or the gateway's id for it. */
  value: string;
  consumer: string;
}

/** One request as the gateway saw it, before any format writes it down. */
export interface Request {
  seq: number;
  ts: number;
  token: Token;
  /** TCP peer of the gateway: the client, or a private proxy in front of it. */
  peer: string;
  /** X-Forwarded-For as received (set when the peer is a proxy). */
  forwardedFor: string | undefined;
  method: string;
  /** Path and query as requested. */
  uri: string;
  status: number;
  bytes: number;
  latencyMs: number;
  userAgent: string;
  requestId: string;
}

const TOKENS = 2_000;
const CLIENTS = 5_000;
const FIRST_OCTETS = [3, 8, 23, 31, 45, 52, 77, 81, 91, 104, 151, 185, 193];
const USER_AGENTS = [
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  'curl/8.7.1',
  'okhttp/4.12.0',
  'axios/1.7.2',
  'aws-sdk-java/2.25.10 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.10',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
];
const STATUSES = [200, 200, 200, 200, 200, 201, 204, 304, 400, 401, 403, 404, 404, 429, 500];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
export const BASE_TS = 1_760_000_000_000;

const b64u = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function createTraffic(seed = 42) {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const hex = (length: number) => Array.from({ length }, () => pick(16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

  const clients = Array.from({ length: CLIENTS }, (_, i) =>
    i % 10 === 9 ? `2a0${1 + pick(8)}:${hex(4)}:${hex(3)}::${hex(4)}` : `${FIRST_OCTETS[pick(FIRST_OCTETS.length)]}.${pick(256)}.${pick(256)}.${1 + pick(254)}`,
  );
  const kinds: CredentialKind[] = ['credential_id', 'api_key', 'api_key', 'bearer_jwt', 'bearer', 'basic', 'query_key'];
  const tokens: Token[] = Array.from({ length: TOKENS }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const consumer = `svc-${i}`;
    switch (kind) {
      case 'credential_id':
        return { kind, value: uuid(), consumer };
      case 'api_key':
      case 'query_key':
        return { kind, value: `sk_live_${hex(24)}`, consumer };
      case 'bearer_jwt':
        return {
          kind,
          value: `Bearer ${b64u({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64u({ sub: `user-${i}`, iss: 'https://idp.example.test', exp: 1_900_000_000 })}.${hex(86)}`,
          consumer,
        };
      case 'bearer':
        return { kind, value: `Bearer at_${hex(40)}`, consumer };
      case 'basic':
        return { kind, value: `Basic ${Buffer.from(`${consumer}:pw-${hex(12)}`).toString('base64')}`, consumer };
    }
  });

  const paths = [
    () => `/v1/customers/${pick(100_000)}/orders`,
    () => `/v1/customers/${pick(100_000)}/orders/${pick(1_000_000)}`,
    () => `/v1/orders/${uuid()}`,
    () => `/v2/items/${hex(24)}`,
    () => `/v1/users/me`,
    () => `/v1/search`,
    () => `/v1/reports/2025-10-${String(1 + pick(28)).padStart(2, '0')}/export.csv`,
    () => `/health`,
  ];
  const queries = ['', '', '', `?page=${pick(10)}`, `?limit=50&offset=${pick(1000)}`, `?q=shoes&sort=price`];

  const request = (seq: number): Request => {
    const token = tokens[pick(TOKENS)]!;
    const client = clients[pick(CLIENTS)]!;
    const proxied = pick(10) < 3;
    let uri = paths[pick(paths.length)]!() + queries[pick(queries.length)]!;
    if (token.kind === 'query_key') uri += `${uri.includes('?') ? '&' : '?'}api_key=${token.value}`;
    return {
      seq,
      ts: BASE_TS + seq * 10,
      token,
      peer: proxied ? `10.0.${pick(4)}.${1 + pick(20)}` : client,
      forwardedFor: proxied ? `${client}, 10.1.0.${1 + pick(8)}` : undefined,
      method: METHODS[pick(METHODS.length)]!,
      uri,
      status: STATUSES[pick(STATUSES.length)]!,
      bytes: pick(20_000),
      latencyMs: 1 + pick(300),
      userAgent: USER_AGENTS[pick(USER_AGENTS.length)]!,
      requestId: hex(32),
    };
  };
  return { request, pick, hex, uuid };
}

export type Traffic = ReturnType<typeof createTraffic>;

/** The path without its query, and the query without its `?`. */
export function splitUri(uri: string): [string, string] {
  const q = uri.indexOf('?');
  return q === -1 ? [uri, ''] : [uri.slice(0, q), uri.slice(q + 1)];
}

/** The parsed query as Kong and APISIX log it. */
export function queryObject(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    out[eq === -1 ? pair : pair.slice(0, eq)] = eq === -1 ? '' : pair.slice(eq + 1);
  }
  return out;
}
