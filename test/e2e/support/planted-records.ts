import { gzipSync } from 'node:zlib';
import type { TokenKind } from '@tokenwatch/contracts';
import type { FormatName } from '@tokenwatch/formats';

/**
 * Gateway records of every format with raw secrets planted in every place that format can carry
 * one: API-key headers, `Authorization` Bearer (opaque and JWT) and Basic (user:password, and an
 * API key sent as the Basic user), query parameters, a path segment, the user agent, and the Basic
 * user where the gateway logs it as the consumer. Each secret is unique to its format.
 */
export type PlantedFormat = Exclude<FormatName, 'auto'>;

export interface PlantedSet {
  /** One Kafka message per entry (a JSON text, or bytes for a gzipped CloudWatch payload). */
  messages: Array<string | Buffer>;
  /** Secrets as they appear, verbatim, in the messages (gzip inflated). */
  planted: string[];
  /** Secrets inside encoded values: a Basic password or API-key user, a JWT's signature. */
  derived: string[];
  /** The credential each produced event is identified by: its fingerprint must appear in the outputs. */
  credentials: Array<{ kind: TokenKind; material: string }>;
  /** Events the messages should become. */
  events: number;
}

interface PlantedRequest {
  headers: Record<string, string>;
  /** Path with query string, as the gateway logs it. */
  target: string;
  /** The Basic user name, for gateways that log it in a field of its own. */
  basicUser?: string;
  credential: { kind: TokenKind; material: string };
}

const b64u = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const IP = '81.2.69.142';

export function plantedSet(format: PlantedFormat, run: string, t0: number): PlantedSet {
  const tag = format.replace('-', '');
  const apiKey = `sk_live_${tag}PLANTEDapikey0001`;
  const xApiKey = `${tag}PLANTEDxapikey0002`;
  const opaque = `${tag}PLANTEDbearer000333`;
  const jwtSignature = Buffer.from(`${tag}-PLANTED-jwt-signature`).toString('base64url');
  const jwt = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u({ sub: `svc-${tag}`, iss: 'https://idp.example.test' })}.${jwtSignature}`;
  const password = `${tag}-PLANTED-pass-42`;
  const basic = Buffer.from(`alice-${tag}:${password}`).toString('base64');
  const keyAsUser = `${tag}PLANTEDuserkey0004`;
  const keyAsUserBasic = Buffer.from(`${keyAsUser}:`).toString('base64');
  const queryKey = `${tag}PLANTEDquerykey0005`;
  const tokenParam = `${tag}PLANTEDtokenparam06`;

  if (format === 'aws-apigw') return awsSet(run, t0, { apiKey, xApiKey, opaque });

  const requests: PlantedRequest[] = [
    {
      headers: { apikey: apiKey, 'user-agent': `acme-client/1.0 (key ${apiKey})` },
      target: `/v1/keys/${apiKey}/usage?token=${tokenParam}`,
      credential: { kind: 'api_key', material: apiKey },
    },
    { headers: { 'x-api-key': xApiKey }, target: `/v1/orders/7?api_key=${xApiKey}`, credential: { kind: 'api_key', material: xApiKey } },
    { headers: { authorization: `Bearer ${opaque}` }, target: `/v1/me?access_token=${opaque}`, credential: { kind: 'bearer', material: opaque } },
    { headers: { authorization: `Bearer ${jwt}` }, target: '/v1/me', credential: { kind: 'jwt_sub', material: `svc-${tag}` } },
    {
      headers: { authorization: `Basic ${basic}` },
      target: '/v1/reports',
      basicUser: `alice-${tag}`,
      credential: { kind: 'basic', material: `alice-${tag}:${password}` },
    },
    {
      headers: { authorization: `Basic ${keyAsUserBasic}` },
      target: '/v1/reports',
      basicUser: keyAsUser,
      credential: { kind: 'basic', material: `${keyAsUser}:` },
    },
    { headers: {}, target: `/v1/export?apikey=${queryKey}&token=${tokenParam}`, credential: { kind: 'api_key', material: queryKey } },
  ];
  const messages = requests.map((request, i) => JSON.stringify(toRecord(format, request, `${run}-${tag}-${i}`, t0 + i * 1000)));
  if (format === 'nginx') {
    // The predefined `combined` text format: only the request line can carry a secret.
    const when = new Date(t0 + 9000).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
    messages.push(`${IP} - - [${when}] "GET /v1/export?api_key=${queryKey}&token=${tokenParam} HTTP/1.1" 401 12 "-" "curl/8.7.1"`);
  }
  return {
    messages,
    planted: [apiKey, xApiKey, opaque, jwt, basic, keyAsUserBasic, queryKey, tokenParam],
    derived: [jwtSignature, password, keyAsUser],
    credentials: requests.map((r) => r.credential),
    events: messages.length,
  };
}

function toRecord(
  format: Exclude<PlantedFormat, 'aws-apigw'>,
  { headers, target, basicUser }: PlantedRequest,
  id: string,
  ts: number,
): Record<string, unknown> {
  const query = Object.fromEntries(new URLSearchParams(target.split('?')[1] ?? ''));
  switch (format) {
    case 'kong':
      return {
        started_at: ts,
        client_ip: IP,
        request: { id, method: 'GET', uri: target, url: `https://api.example.test${target}`, headers, querystring: query },
        response: { status: 401, size: 10 },
      };
    case 'apisix':
      return {
        start_time: ts,
        client_ip: IP,
        route_id: 'r1',
        request: { method: 'GET', uri: target, url: `http://api.example.test${target}`, headers, querystring: query },
        response: { status: 401, size: 1 },
        latency: 1.5,
      };
    case 'envoy':
      return {
        start_time: new Date(ts).toISOString(),
        method: 'GET',
        'x-envoy-origin-path': target,
        response_code: 401,
        bytes_sent: 1,
        duration: 2,
        downstream_remote_address: `${IP}:1234`,
        ...headers,
      };
    case 'traefik':
      return {
        StartUTC: new Date(ts).toISOString(),
        ClientAddr: `${IP}:1`,
        RequestMethod: 'GET',
        RequestPath: target,
        DownstreamStatus: 401,
        Duration: 1_000_000,
        ClientUsername: basicUser ?? '-',
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [`request_${canonicalHeader(k)}`, v])),
      };
    case 'nginx':
      return {
        time_iso8601: new Date(ts).toISOString(),
        remote_addr: IP,
        remote_user: basicUser ?? '-',
        request: `GET ${target} HTTP/1.1`,
        status: 401,
        body_bytes_sent: 1,
        request_id: id.replace(/[^\w]/g, ''),
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [`http_${k.replace(/-/g, '_')}`, v])),
      };
    case 'caddy':
      return {
        level: 'info',
        ts: ts / 1000,
        logger: 'http.log.access.log0',
        msg: 'handled request',
        request: {
          remote_ip: IP,
          remote_port: '51234',
          proto: 'HTTP/1.1',
          method: 'GET',
          host: 'api.example.test',
          uri: target,
          headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [canonicalHeader(k), [v]])),
        },
        user_id: basicUser ?? '',
        duration: 0.0012,
        size: 1,
        status: 401,
      };
    case 'haproxy':
      return {
        ts: Math.floor(ts / 1000),
        ts_ms: String(ts % 1000).padStart(3, '0'),
        request_id: id.replace(/[^\w]/g, ''),
        frontend_name: 'api',
        backend_name: 'api',
        client_ip: IP,
        http_method: 'GET',
        http_uri: target,
        status: 401,
        bytes: 1,
        active_ms: 1,
        ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [`hdr_${k.replace(/-/g, '_')}`, v])),
      };
    case 'custom':
      return {
        time: ts / 1000,
        client: { ip: IP },
        req: { id, method: 'GET', path: target, headers },
        res: { status: 401, bytes: 1 },
        took: 0.01,
        auth: { user: basicUser },
      };
  }
}

/** `x-api-key` -> `X-Api-Key`, as Go servers (Traefik, Caddy) write header names. */
const canonicalHeader = (name: string) => name.replace(/(^|-)\w/g, (c) => c.toUpperCase());

/** The field mapping the `custom` records above follow (TOKENWATCH_INGEST_MAPPING). */
export const PLANTED_CUSTOM_MAPPING = {
  gateway: 'acme-edge',
  ts: { path: 'time', unit: 's' },
  requestId: 'req.id',
  ip: 'client.ip',
  method: 'req.method',
  path: 'req.path',
  status: 'res.status',
  bytes: 'res.bytes',
  latency: { path: 'took', unit: 's' },
  userAgent: 'req.headers.user-agent',
  consumer: 'auth.user',
  headers: 'req.headers',
  credential: [
    { header: 'apikey', kind: 'api_key' },
    { header: 'x-api-key', kind: 'api_key' },
    { query: 'apikey', kind: 'api_key' },
    { query: 'access_token', kind: 'bearer' },
    { header: 'authorization', kind: 'jwt_sub' },
    { header: 'authorization', kind: 'bearer' },
    { header: 'authorization', kind: 'basic' },
  ],
};

/**
 * API Gateway logs only `$context` variables: the raw key (`$context.identity.apiKey`), the path and
 * the user agent. One plain record and a gzipped CloudWatch Logs subscription payload with two more.
 */
function awsSet(run: string, t0: number, keys: { apiKey: string; xApiKey: string; opaque: string }): PlantedSet {
  const record = (key: string, i: number) => ({
    requestId: `${run}-aws-${i}`,
    extendedRequestId: `${run}aws${i}`,
    ip: IP,
    requestTimeEpoch: String(t0 + i * 1000),
    httpMethod: 'GET',
    resourcePath: '/keys/{id}/usage',
    path: `/prod/keys/${key}/usage`,
    status: '401',
    responseLength: '1',
    userAgent: `acme-client/1.0 (key ${key})`,
    apiKey: key,
  });
  const envelope = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: 'API-Gateway-Access-Logs/prod',
    logStream: 'stream',
    subscriptionFilters: ['tokenwatch'],
    logEvents: [keys.xApiKey, keys.opaque].map((key, i) => ({ id: String(i), timestamp: t0, message: JSON.stringify(record(key, i + 1)) })),
  };
  return {
    messages: [JSON.stringify(record(keys.apiKey, 0)), gzipSync(Buffer.from(JSON.stringify(envelope)))],
    planted: Object.values(keys),
    derived: [],
    credentials: [keys.apiKey, keys.xApiKey, keys.opaque].map((material) => ({ kind: 'api_key' as const, material })),
    events: 3,
  };
}
