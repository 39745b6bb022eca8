import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, queryOf, queryParam, stringAt, textOf, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';

/**
 * Traefik drops headers unless `fields.headers` keeps them (then `request_X-Api-Key`,
 * `request_Authorization`, possibly `REDACTED`); `ClientUsername` is the Basic-auth user.
 */
export const TRAEFIK_SOURCES: readonly CredentialSource[] = [...apiKeySources(), ...authorizationSources(), field('ClientUsername', 'basic')];

const NS_PER_MS = 1e6;

/** Traefik JSON access logs, v1 (`BackendName`, `FrontendName`) and v2/v3 (`ServiceName`, `RouterName`) keys. */
export const traefikSpec: AdapterSpec = {
  gateway: 'traefik',
  defaultSources: TRAEFIK_SOURCES,
  extract(record: JsonObject): ExtractedRecord {
    const path = stringAt(record, 'RequestPath');
    const headers = lazyHeaders(record);
    const duration = numberAt(record, 'Duration');
    const [ts, tsField] = traefikTime(record);
    return {
      ts,
      tsField,
      // ClientAddr is the TCP peer. ClientHost is the raw X-Forwarded-For header when the request
      // had one (whole list, spoofable), else the peer's host: walked only behind a trusted proxy.
      peer: stringAt(record, 'ClientAddr'),
      forwardedFor: stringAt(record, 'ClientHost') ?? headers('x-forwarded-for'),
      method: stringAt(record, 'RequestMethod'),
      path,
      status: numberAt(record, 'DownstreamStatus'),
      bytes: numberAt(record, 'DownstreamContentSize'),
      latencyMs: duration === undefined ? undefined : duration / NS_PER_MS,
      userAgent: headers('user-agent'),
      consumer: stringAt(record, 'ClientUsername'),
      service: stringAt(record, 'ServiceName') ?? stringAt(record, 'BackendName'),
      view: {
        record,
        header: headers,
        query: (name) => {
          const q = queryOf(path);
          return q === undefined ? undefined : queryParam(q, name);
        },
      },
    };
  },
};

/** `request_<Header-Name>` keys, looked up case-insensitively; the map is built on first use. */
function lazyHeaders(record: JsonObject): (lowerName: string) => string | undefined {
  let map: Map<string, unknown> | undefined;
  return (lowerName) => {
    if (!map) {
      map = new Map();
      for (const key of Object.keys(record)) if (key.startsWith('request_')) map.set(key.slice(8).toLowerCase(), record[key]);
    }
    return textOf(map.get(lowerName));
  };
}

function traefikTime(record: JsonObject): [number | undefined, string] {
  for (const key of ['StartUTC', 'StartLocal', 'time']) if (record[key] !== undefined && record[key] !== null) return [readTimestamp(record[key]), key];
  return [undefined, 'StartUTC'];
}

export const createTraefikAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(traefikSpec, options);
