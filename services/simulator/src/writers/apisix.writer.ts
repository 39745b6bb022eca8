import type { SimEvent } from '../model/sim-event';
import { API_HOST, queryObject, routeNameOf, pathOf, type GatewayWriter } from './writer';

/**
 * APISIX kafka-logger / http-logger "default" entries (`get_full_log`): every request header raw,
 * so the key-auth `apikey` header is there (what the adapter fingerprints), plus `consumer.username`.
 */
export const apisixWriter: GatewayWriter = {
  format: 'apisix',
  tokenKind: 'api_key',
  tokenOf: (identity) => identity.apiKey,
  write(e: SimEvent): string {
    const upstream = Math.max(0, e.latencyMs - 2);
    return JSON.stringify({
      latency: e.latencyMs + 0.00001335144,
      request: {
        querystring: queryObject(e.uri),
        headers: { host: API_HOST, 'user-agent': e.userAgent, accept: 'application/json', apikey: e.token.apiKey, 'x-request-id': e.requestId },
        method: e.method,
        size: e.requestBytes,
        uri: e.uri,
        url: `https://${API_HOST}${e.uri}`,
      },
      response: {
        headers: { 'content-type': 'application/json', 'content-length': String(Math.max(0, e.bytes - 280)), server: 'APISIX/3.16.0' },
        status: e.status,
        size: e.bytes,
      },
      route_id: routeNameOf(pathOf(e.uri)),
      service_id: e.service,
      consumer: { username: e.token.consumerName },
      client_ip: e.ip,
      server: { hostname: 'apisix-0', version: '3.16.0' },
      apisix_latency: 2.00001335144,
      upstream_latency: upstream,
      start_time: e.ts,
      upstream: '10.244.0.7:8080',
    });
  },
};
