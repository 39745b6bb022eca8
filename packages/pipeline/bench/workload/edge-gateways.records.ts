import { splitUri, type Request, type Traffic } from './traffic';

const iso = (ts: number) => new Date(ts).toISOString();
const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Envoy Gateway's default JSON keys, plus the `x-api-key` and `authorization` keys operators add. */
export function envoyMessage(r: Request, t: Traffic): string {
  const { kind, value, consumer } = r.token;
  return JSON.stringify({
    ':authority': 'api.example.test',
    bytes_received: 0,
    bytes_sent: r.bytes,
    downstream_local_address: '10.69.2.175:10443',
    downstream_remote_address: hostPort(r.peer, 1024 + t.pick(60_000)),
    duration: r.latencyMs,
    method: r.method,
    protocol: 'HTTP/1.1',
    requested_server_name: 'api.example.test',
    response_code: r.status,
    response_code_details: 'via_upstream',
    response_flags: '-',
    route_name: 'httproute/default/api/rule/0/match/0/api_example_test',
    start_time: iso(r.ts),
    upstream_cluster: 'httproute/default/api/rule/0',
    upstream_host: `10.244.0.${1 + t.pick(9)}:3000`,
    'user-agent': r.userAgent,
    'x-envoy-origin-path': r.uri,
    'x-forwarded-for': r.forwardedFor ?? null,
    'x-request-id': r.requestId,
    'x-api-key': kind === 'api_key' ? value : null,
    authorization: kind === 'bearer' || kind === 'bearer_jwt' || kind === 'basic' ? value : null,
    'x-consumer-id': kind === 'credential_id' ? consumer : null,
  });
}

/** Traefik v3 JSON with `fields.headers` keeping `X-Api-Key`, `Authorization` and `User-Agent`. */
export function traefikMessage(r: Request, t: Traffic): string {
  const { kind, value } = r.token;
  const start = iso(r.ts).replace('Z', `${String(t.pick(1_000_000)).padStart(6, '0')}Z`);
  const port = 1024 + t.pick(60_000);
  return JSON.stringify({
    ClientAddr: hostPort(r.peer, port),
    ClientHost: r.forwardedFor ?? r.peer,
    ClientPort: String(port),
    ClientUsername: '-',
    DownstreamContentSize: r.bytes,
    DownstreamStatus: r.status,
    Duration: r.latencyMs * 1_000_000 + t.pick(1_000_000),
    OriginContentSize: r.bytes,
    OriginDuration: r.latencyMs * 1_000_000,
    OriginStatus: r.status,
    Overhead: 120_000,
    RequestAddr: 'api.example.test',
    RequestHost: 'api.example.test',
    RequestMethod: r.method,
    RequestPath: r.uri,
    RequestPort: '-',
    RequestProtocol: 'HTTP/1.1',
    RequestScheme: 'https',
    RetryAttempts: 0,
    RouterName: 'api@kubernetes',
    ServiceName: 'default-api-80@kubernetes',
    StartLocal: start,
    StartUTC: start,
    entryPointName: 'websecure',
    level: 'info',
    msg: '',
    'request_User-Agent': r.userAgent,
    ...(kind === 'api_key' || kind === 'credential_id' ? { 'request_X-Api-Key': value } : {}),
    ...(kind === 'bearer' || kind === 'bearer_jwt' || kind === 'basic' ? { request_Authorization: value } : {}),
    time: iso(r.ts + r.latencyMs),
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
function clfTime(ts: number): string {
  const d = new Date(ts);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/**
 * nginx `main` text lines (combined + `"$http_x_forwarded_for"`): identity is the Basic user
 * (`$remote_user`, as with `auth_basic`) or a key in the query string.
 */
export function nginxMessage(r: Request): string {
  const user = r.token.kind === 'query_key' ? '-' : r.token.consumer;
  const referer = r.seq % 5 === 0 ? 'https://app.example.test/' : '-';
  return `${r.peer} - ${user} [${clfTime(r.ts)}] "${r.method} ${r.uri} HTTP/1.1" ${r.status} ${r.bytes} "${referer}" "${r.userAgent}" "${r.forwardedFor ?? '-'}"`;
}

/** API Gateway REST access-log JSON (every value a string, `-` when empty) with the recommended extra fields. */
export function awsMessage(r: Request, t: Traffic): string {
  const { kind, value, consumer } = r.token;
  const [path] = splitUri(r.uri);
  const resourcePath = path.replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\/[0-9a-f-]{20,}(?=\/|$)/g, '/{key}');
  return JSON.stringify({
    requestId: t.uuid(),
    extendedRequestId: `${r.requestId.slice(0, 14)}=`,
    ip: r.forwardedFor ? r.forwardedFor.split(',')[0] : r.peer,
    caller: '-',
    user: '-',
    requestTime: clfTime(r.ts),
    requestTimeEpoch: String(r.ts),
    httpMethod: r.method,
    resourcePath,
    path: `/prod${path}`,
    status: String(r.status),
    protocol: 'HTTP/1.1',
    responseLength: String(r.bytes),
    responseLatency: String(r.latencyMs),
    integrationLatency: String(r.latencyMs - 1),
    userAgent: r.userAgent,
    apiKeyId: kind === 'api_key' || kind === 'query_key' ? `k${value.slice(8, 18)}` : '-',
    principalId: kind === 'credential_id' || kind === 'basic' ? consumer : '-',
    sub: kind === 'bearer_jwt' || kind === 'bearer' ? `user-${consumer}` : '-',
    stage: 'prod',
    apiId: 'a1b2c3d4e5',
  });
}
