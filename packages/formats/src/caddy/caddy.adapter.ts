import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource } from '../credential/credential.source';
import { HeaderMapView } from '../credential/header-map.view';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { headerIn, numberAt, objectAt, stringAt, textOf, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';

/**
 * Caddy logs every request header as an array, custom API-key headers in clear. It redacts
 * `Authorization` (`[]`, or `REDACTED`) unless `servers { log_credentials }` is set: an empty or
 * redacted value yields no credential, so redacted bearer tokens never merge into one identity.
 * `user_id` is the user Caddy's basic_auth (or forward auth) authenticated.
 */
export const CADDY_SOURCES: readonly CredentialSource[] = [...apiKeySources(), ...authorizationSources(), field('user_id', 'basic')];

const SECONDS_TO_MS = 1000;

/** Caddy v2 JSON access log (the `http.log.access` logger): `ts` and `duration` in seconds. */
export const caddySpec: AdapterSpec = {
  gateway: 'caddy',
  defaultSources: CADDY_SOURCES,
  shapeProblem(record: JsonObject): string | undefined {
    const request = objectAt(record, 'request');
    if (!request) return 'caddy record without request';
    for (const key of ['method', 'uri'] as const) if (typeof request[key] !== 'string') return `caddy record without request.${key}`;
    if (typeof request['remote_ip'] !== 'string' && typeof request['client_ip'] !== 'string') return 'caddy record without request.remote_ip';
    return undefined;
  },
  extract(record: JsonObject): ExtractedRecord {
    const request = objectAt(record, 'request')!;
    const uri = stringAt(request, 'uri');
    const headers = objectAt(request, 'headers');
    const duration = numberAt(record, 'duration');
    const remoteIp = stringAt(request, 'remote_ip');
    return {
      ts: readTimestamp(record['ts'], 's'),
      tsField: 'ts',
      // Caddy 2.7+ also logs `client_ip`, but without `trusted_proxies_strict` it is the leftmost,
      // client-forgeable X-Forwarded-For entry: the header is walked from the right here instead.
      peer: remoteIp ?? stringAt(request, 'client_ip'),
      forwardedFor: remoteIp === undefined ? undefined : allValues(headers, 'x-forwarded-for'),
      method: stringAt(request, 'method'),
      path: uri,
      status: numberAt(record, 'status'),
      bytes: numberAt(record, 'size'),
      latencyMs: duration === undefined ? undefined : duration * SECONDS_TO_MS,
      userAgent: headerIn(headers, 'user-agent'),
      consumer: stringAt(record, 'user_id'),
      service: hostOnly(stringAt(request, 'host')),
      // Header arrays in canonical case (`X-Api-Key`), looked up case-insensitively; query parameters of `request.uri`.
      view: new HeaderMapView(record, { headers, targets: [uri] }),
    };
  },
};

/** Every line of a repeated header, in order (`["a, b", "c"]` -> `a, b, c`): X-Forwarded-For is walked from its right end. */
function allValues(headers: JsonObject | undefined, lowerName: string): string | undefined {
  if (!headers) return undefined;
  for (const key in headers) {
    if (key.toLowerCase() !== lowerName) continue;
    const value = headers[key];
    if (!Array.isArray(value)) return textOf(value);
    return value.filter((v): v is string => typeof v === 'string' && v !== '').join(', ') || undefined;
  }
  return undefined;
}

/** `API.example.com:8443` -> `api.example.com`; `[::1]:8080` -> `[::1]`. */
function hostOnly(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const m = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host);
  // Host names match case-insensitively: `API.example.com` is the same service.
  return m?.[1]?.toLowerCase() || undefined;
}

export const createCaddyAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(caddySpec, options);
