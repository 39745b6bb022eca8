import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, objectAt, stringAt, type JsonObject } from '../record-access';
import { openRestyRecord } from '../openresty/openresty.fields';
import { readTimestamp } from '../time/timestamp.parser';

/**
 * APISIX logs every request header raw (`request.headers.apikey`, `authorization`): those keys
 * identify the exact credential and come first (fingerprinted, dropped); `consumer.username`
 * (present when an auth plugin matched) is the fallback and is kept as the event's consumer.
 */
export const APISIX_SOURCES: readonly CredentialSource[] = [...apiKeySources(), ...authorizationSources(), field('consumer.username', 'consumer')];

/**
 * APISIX kafka-logger / http-logger / file-logger entries (`log-util.lua` `get_full_log`), and the
 * reduced shape of a custom `log_format` (`@timestamp`, `client_ip`, `route_id`, …).
 */
export const apisixSpec: AdapterSpec = {
  gateway: 'apisix',
  defaultSources: APISIX_SOURCES,
  extract(record: JsonObject): ExtractedRecord {
    const request = objectAt(record, 'request');
    const uri = stringAt(request, 'uri') ?? stringAt(record, 'uri');
    const [ts, tsField] = apisixTime(record);
    return openRestyRecord(record, uri, {
      ts,
      tsField,
      path: uri ?? pathOfUrl(stringAt(request, 'url')),
      latencyMs: numberAt(record, 'latency'),
      consumer: stringAt(objectAt(record, 'consumer'), 'username'),
      service: stringAt(record, 'service_id') ?? stringAt(record, 'route_id'),
    });
  },
};

function apisixTime(record: JsonObject): [number | undefined, string] {
  if (record['start_time'] !== undefined) return [readTimestamp(record['start_time'], 'ms'), 'start_time'];
  for (const key of ['@timestamp', 'timestamp', 'time_iso8601']) if (record[key] !== undefined) return [readTimestamp(record[key]), key];
  return [undefined, 'start_time'];
}

function pathOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(url);
  return m ? m[1] || '/' : undefined;
}

export const createApisixAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(apisixSpec, options);
