import type { SimEvent } from '../model/sim-event';
import { API_HOST, pathOf, routeNameOf, hostPort, type GatewayWriter } from './writer';

/**
 * Traefik v3 JSON access log with `fields.headers.names.X-Api-Key=keep` (headers are dropped by
 * default): the credential arrives as `request_X-Api-Key`. Durations are nanoseconds.
 */
export const traefikWriter: GatewayWriter = {
  format: 'traefik',
  tokenKind: 'api_key',
  tokenOf: (identity) => identity.apiKey,
  write(e: SimEvent): string {
    const start = new Date(e.ts).toISOString();
    const duration = e.latencyMs * 1_000_000;
    const route = routeNameOf(pathOf(e.uri));
    return JSON.stringify({
      ClientAddr: hostPort(e.ip, 40_000 + (e.ts % 20_000)),
      ClientHost: e.ip,
      ClientPort: String(40_000 + (e.ts % 20_000)),
      ClientUsername: '-',
      DownstreamContentSize: e.bytes,
      DownstreamStatus: e.status,
      Duration: duration,
      OriginContentSize: e.bytes,
      OriginDuration: duration - 250_000,
      OriginStatus: e.status,
      Overhead: 250_000,
      RequestAddr: API_HOST,
      RequestContentSize: e.requestBytes,
      RequestHost: API_HOST,
      RequestMethod: e.method,
      RequestPath: e.uri,
      RequestPort: '-',
      RequestProtocol: 'HTTP/1.1',
      RequestScheme: 'https',
      RetryAttempts: 0,
      RouterName: `${route}@file`,
      ServiceName: `${e.service}@file`,
      StartLocal: start,
      StartUTC: start,
      entryPointName: 'websecure',
      level: 'info',
      msg: '',
      'request_User-Agent': e.userAgent,
      'request_X-Api-Key': e.token.apiKey,
      'request_X-Request-Id': e.requestId,
      time: start.replace(/\.\d{3}Z$/, 'Z'),
    });
  },
};
