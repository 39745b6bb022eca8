import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource, type RecordView } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, queryParamOf, stringAt, textOf, type JsonObject } from '../record-access';
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
    const view = new TraefikView(record, path);
    const duration = numberAt(record, 'Duration');
    const [ts, tsField] = traefikTime(record);
    return {
      ts,
      tsField,
      // ClientAddr is the TCP peer. ClientHost is the raw X-Forwarded-For header when the request
      // had one (whole list, spoofable), else the peer's host: walked only behind a trusted proxy.
      peer: stringAt(record, 'ClientAddr'),
      forwardedFor: stringAt(record, 'ClientHost') ?? view.header('x-forwarded-for'),
      method: stringAt(record, 'RequestMethod'),
      path,
      status: numberAt(record, 'DownstreamStatus'),
      bytes: numberAt(record, 'DownstreamContentSize'),
      latencyMs: duration === undefined ? undefined : duration / NS_PER_MS,
      userAgent: view.header('user-agent'),
      consumer: stringAt(record, 'ClientUsername'),
      service: stringAt(record, 'ServiceName') ?? stringAt(record, 'BackendName'),
      view,
    };
  },
};

/** `request_<Header-Name>` keys, looked up case-insensitively (the map is built on first use); query parameters of the path. */
class TraefikView implements RecordView {
  private headers: Map<string, unknown> | undefined;

  constructor(
    readonly record: JsonObject,
    private readonly path: string | undefined,
  ) {}

  header(lowerName: string): string | undefined {
    if (!this.headers) {
      this.headers = new Map();
      for (const key of Object.keys(this.record)) if (key.startsWith('request_')) this.headers.set(key.slice(8).toLowerCase(), this.record[key]);
    }
    return textOf(this.headers.get(lowerName));
  }

  query(name: string): string | undefined {
    return queryParamOf(this.path, name);
  }
}

function traefikTime(record: JsonObject): [number | undefined, string] {
  for (const key of ['StartUTC', 'StartLocal', 'time']) if (record[key] !== undefined && record[key] !== null) return [readTimestamp(record[key]), key];
  return [undefined, 'StartUTC'];
}

export const createTraefikAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(traefikSpec, options);
