import { isObject, type JsonObject } from '../record-access';

export type DetectableFormat = 'kong' | 'apisix' | 'envoy' | 'aws-apigw' | 'traefik' | 'nginx' | 'caddy' | 'haproxy';

/**
 * Which gateway wrote a record, from its keys alone (first rule that matches):
 * 1. kong: `started_at` plus one of `request{}`, `latencies`, `authenticated_entity`, `client_ip`;
 * 2. apisix: `request{}` plus `start_time`/`route_id`/`server`, or `route_id` + `client_ip` (custom log_format);
 * 3. envoy: `downstream_remote_address`, `x-envoy-origin-path`, `response_flags`, `upstream_cluster`, or `response_code` + `start_time`;
 * 4. aws-apigw: `requestId`/`extendedRequestId` plus `httpMethod`/`routeKey`/`resourcePath`/`requestTime`;
 * 5. traefik: `ClientAddr`, `DownstreamStatus`, `RequestMethod` or `StartUTC`;
 * 6. nginx: nginx variable names `remote_addr`, `time_local`, `request_uri` or `http_user_agent`;
 * 7. caddy: a `http.log.access` logger, or `request{}` with `remote_ip`/`client_ip`;
 * 8. haproxy: `frontend_name` plus `backend_name` or `client_ip` (infra/gateways/haproxy's log-format).
 * A record a rule claims but that lacks the fields its adapter needs is rejected by that adapter with a reason.
 */
export function detectFormat(r: JsonObject): DetectableFormat | undefined {
  const request = isObject(r['request']);
  if ('started_at' in r && (request || 'latencies' in r || 'authenticated_entity' in r || 'client_ip' in r)) return 'kong';
  if ((request && ('start_time' in r || 'route_id' in r || 'server' in r)) || ('route_id' in r && 'client_ip' in r)) return 'apisix';
  if ('downstream_remote_address' in r || 'x-envoy-origin-path' in r || 'response_flags' in r || 'upstream_cluster' in r) return 'envoy';
  if ('response_code' in r && 'start_time' in r) return 'envoy';
  if (('requestId' in r || 'extendedRequestId' in r) && ('httpMethod' in r || 'routeKey' in r || 'resourcePath' in r || 'requestTime' in r)) return 'aws-apigw';
  if ('ClientAddr' in r || 'DownstreamStatus' in r || 'RequestMethod' in r || 'StartUTC' in r) return 'traefik';
  if ('remote_addr' in r || 'time_local' in r || 'request_uri' in r || 'http_user_agent' in r) return 'nginx';
  if (isCaddy(r)) return 'caddy';
  if ('frontend_name' in r && ('backend_name' in r || 'client_ip' in r)) return 'haproxy';
  return undefined;
}

function isCaddy(r: JsonObject): boolean {
  const logger = r['logger'];
  if (typeof logger === 'string' && logger.startsWith('http.log.access')) return true;
  const request = r['request'];
  return isObject(request) && ('remote_ip' in request || 'client_ip' in request);
}
