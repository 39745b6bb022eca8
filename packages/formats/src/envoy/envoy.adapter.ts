import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource } from '../credential/credential.source';
import { HeaderMapView } from '../credential/header-map.view';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, stringAt, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';
import { parseEnvoyTextLine } from './envoy-text.parser';

/**
 * Envoy logs no identity by default: operators add e.g. `"x-api-key": "%REQ(X-API-KEY)%"`,
 * `"authorization": "%REQ(AUTHORIZATION)%"` or a metadata field set by their authn filter. The
 * defaults read those header-named keys, then `?api_key=` style parameters of the origin path,
 * then id fields a filter may set (`consumer_id`, `x-consumer-id`, `jwt_sub`).
 */
export const ENVOY_SOURCES: readonly CredentialSource[] = [
  field('credential_id', 'credential_id'),
  ...apiKeySources(),
  ...authorizationSources(),
  field('jwt_sub', 'jwt_sub'),
  field('consumer_id', 'consumer'),
  field('x-consumer-id', 'consumer'),
];

/**
 * Envoy JSON access logs: Envoy Gateway's default key set (typed values, `null` for unset) and
 * plain `json_format` (every value a string, `-` for unset); also Envoy's default text format.
 */
export const envoySpec: AdapterSpec = {
  gateway: 'envoy',
  defaultSources: ENVOY_SOURCES,
  decodeText: parseEnvoyTextLine,
  extract(record: JsonObject): ExtractedRecord {
    const path = stringAt(record, 'x-envoy-origin-path') ?? stringAt(record, 'path') ?? stringAt(record, ':path');
    return {
      ts: readTimestamp(record['start_time'] ?? record['timestamp']),
      tsField: 'start_time',
      // x-request-id can be set by the client unless Envoy is told to override it: not used as the id.
      peer: stringAt(record, 'downstream_remote_address') ?? stringAt(record, 'client_ip'),
      forwardedFor: stringAt(record, 'x-forwarded-for'),
      method: stringAt(record, 'method') ?? stringAt(record, ':method'),
      path,
      status: numberAt(record, 'response_code'),
      bytes: numberAt(record, 'bytes_sent'),
      latencyMs: numberAt(record, 'duration'),
      userAgent: stringAt(record, 'user-agent') ?? stringAt(record, 'user_agent'),
      service: stringAt(record, 'upstream_cluster'),
      // Header-named keys of the record itself (any case); query parameters of the origin path.
      view: new HeaderMapView(record, { headers: record, targets: [path] }),
    };
  },
};

export const createEnvoyAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(envoySpec, options);
