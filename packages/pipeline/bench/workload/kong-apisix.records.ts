import { queryObject, splitUri, type Request, type Traffic } from './traffic';

/**
 * Kong 3.x http-log records, one per message: key-auth keys in the `apikey` header (or `?api_key=`),
 * `authenticated_entity` for credential plugins (JWT, OAuth2), `Authorization` logged as REDACTED
 * with the consumer as the identity.
 */
export function kongMessage(r: Request, t: Traffic): string {
  const [path, query] = splitUri(r.uri);
  const { kind, value, consumer } = r.token;
  const headers: Record<string, string> = { host: 'api.example.test', 'user-agent': r.userAgent, accept: '*/*' };
  if (kind === 'api_key') headers['apikey'] = value;
  if (kind === 'bearer' || kind === 'basic') headers['authorization'] = 'REDACTED';
  if (r.forwardedFor) headers['x-forwarded-for'] = r.forwardedFor;
  const entity =
    kind === 'credential_id' || kind === 'bearer_jwt' ? { authenticated_entity: { id: kind === 'credential_id' ? value : `jwt-${consumer}` } } : {};
  return JSON.stringify({
    request: {
      id: r.requestId,
      method: r.method,
      uri: r.uri,
      url: `https://api.example.test${path}`,
      size: 120 + t.pick(400),
      querystring: queryObject(query),
      headers,
    },
    upstream_uri: path,
    response: { status: r.status, size: r.bytes, headers: { 'content-type': 'application/json', 'x-kong-request-id': r.requestId } },
    route: { id: '0f1a4101-3327-4274-b1e4-484a4ab0c030', name: 'customers', paths: ['/v1'] },
    service: { id: 'fb4eecf8-dec2-40ef-b779-16de7e2384c7', name: 'customers' },
    latencies: { request: r.latencyMs, kong: 1, proxy: r.latencyMs - 1 },
    client_ip: r.peer,
    started_at: r.ts,
    consumer: { id: `c-${consumer}`, username: consumer },
    ...entity,
  });
}

/**
 * APISIX kafka-logger batches (a JSON array per message), every request header raw: the `apikey`
 * and `authorization` headers carry the secret, `consumer.username` is set by the auth plugin.
 */
export function apisixMessage(batch: Request[], t: Traffic): string {
  return JSON.stringify(batch.map((r) => apisixEntry(r, t)));
}

export const APISIX_BATCH = 10;

function apisixEntry(r: Request, t: Traffic): object {
  const [, query] = splitUri(r.uri);
  const { kind, value, consumer } = r.token;
  const headers: Record<string, string> = { host: 'api.example.test', 'user-agent': r.userAgent, accept: '*/*', 'x-forwarded-proto': 'https' };
  if (kind === 'api_key') headers['apikey'] = value;
  if (kind === 'bearer' || kind === 'bearer_jwt' || kind === 'basic') headers['authorization'] = value;
  if (r.forwardedFor) headers['x-forwarded-for'] = r.forwardedFor;
  return {
    start_time: r.ts,
    client_ip: r.peer,
    route_id: 'customers',
    service_id: '',
    upstream: `10.2.0.${1 + t.pick(9)}:8080`,
    latency: r.latencyMs + 0.000013,
    apisix_latency: 1.000013,
    upstream_latency: r.latencyMs - 1,
    request: { method: r.method, uri: r.uri, url: `https://api.example.test${r.uri}`, size: 90 + t.pick(300), querystring: queryObject(query), headers },
    response: { status: r.status, size: r.bytes, headers: { 'content-type': 'application/json', server: 'APISIX/3.11.0' } },
    server: { hostname: 'apisix-0', version: '3.11.0' },
    ...(kind === 'credential_id' ? { consumer: { username: consumer } } : {}),
  };
}
