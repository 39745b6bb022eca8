import type { SimEvent } from '../model/sim-event';
import { clfTime, type GatewayWriter } from './writer';

/**
 * NGINX JSON access log (`log_format tokenwatch escape=json '{…}'`) using nginx variable names,
 * with `$http_x_api_key` carrying the credential: `combined` has no identity besides `$remote_user`.
 * Time as `$msec` (milliseconds) and `$time_local`; no `$time_iso8601`, which has only seconds.
 */
export const nginxWriter: GatewayWriter = {
  format: 'nginx',
  tokenKind: 'api_key',
  tokenOf: (identity) => identity.apiKey,
  write(e: SimEvent): string {
    return JSON.stringify({
      msec: (e.ts / 1000).toFixed(3),
      time_local: clfTime(e.ts),
      remote_addr: e.ip,
      remote_user: '',
      request: `${e.method} ${e.uri} HTTP/1.1`,
      status: e.status,
      body_bytes_sent: Math.max(0, e.bytes - 280),
      bytes_sent: e.bytes,
      request_length: e.requestBytes,
      request_time: (e.latencyMs / 1000).toFixed(3),
      http_referer: '',
      http_user_agent: e.userAgent,
      http_x_api_key: e.token.apiKey,
      request_id: e.requestId,
    });
  },
};
