import type { SimEvent } from '../model/sim-event';
import { API_HOST, routeNameOf, pathOf, hostPort, type GatewayWriter } from './writer';

/**
 * Envoy Gateway's default JSON access log (typed values, keys sorted), with the operator-added
 * `"x-api-key": "%REQ(X-API-KEY)%"` key that carries the credential (Envoy logs no identity by default).
 */
export const envoyWriter: GatewayWriter = {
  format: 'envoy',
  tokenKind: 'api_key',
  tokenOf: (identity) => identity.apiKey,
  write(e: SimEvent): string {
    const route = routeNameOf(pathOf(e.uri));
    return JSON.stringify({
      ':authority': API_HOST,
      bytes_received: e.requestBytes,
      bytes_sent: e.bytes,
      connection_termination_details: null,
      downstream_local_address: '10.69.2.175:10443',
      downstream_remote_address: hostPort(e.ip, 40_000 + (e.ts % 20_000)),
      duration: e.latencyMs,
      method: e.method,
      protocol: 'HTTP/1.1',
      requested_server_name: API_HOST,
      response_code: e.status,
      response_code_details: 'via_upstream',
      response_flags: '-',
      route_name: `httproute/default/${e.service}/rule/0/match/0/${route}`,
      start_time: new Date(e.ts).toISOString(),
      upstream_cluster: `httproute/default/${e.service}/rule/0`,
      upstream_host: '10.244.0.7:8080',
      upstream_local_address: '10.244.0.8:40258',
      upstream_transport_failure_reason: null,
      'user-agent': e.userAgent,
      'x-api-key': e.token.apiKey,
      'x-envoy-origin-path': e.uri,
      'x-envoy-upstream-service-time': null,
      'x-forwarded-for': e.ip,
      'x-request-id': e.requestId,
    });
  },
};
