import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, objectAt, stringAt, type JsonObject } from '../record-access';
import { openRestyRecord } from '../openresty/openresty.fields';
import { readTimestamp } from '../time/timestamp.parser';

/**
 * Kong credential sources, most specific first: the credential id of the authenticated entity
 * (one consumer can hold many keys), raw keys Kong does not redact (apikey header, ?apikey=), bearer
 * and Basic values (Kong 3.x logs `Authorization` as REDACTED, older versions raw), then the
 * consumer id. The 0.x raw `authenticated_entity.key` comes last: it is used (fingerprinted) only
 * when nothing else identifies the request, and it is never emitted.
 */
export const KONG_SOURCES: readonly CredentialSource[] = [
  field('authenticated_entity.id', 'credential_id'),
  ...apiKeySources(),
  ...authorizationSources(),
  field('consumer.id', 'consumer'),
  field('authenticated_entity.consumer_id', 'consumer'),
  field('authenticated_entity.key', 'api_key'),
];

/** Kong http-log / file-log / kafka-log records (`kong.log.serialize()`), 0.x to 3.x. */
export const kongSpec: AdapterSpec = {
  gateway: 'kong',
  defaultSources: KONG_SOURCES,
  extract(record: JsonObject): ExtractedRecord {
    const request = objectAt(record, 'request');
    const uri = stringAt(request, 'uri') ?? stringAt(request, 'request_uri');
    const consumer = objectAt(record, 'consumer');
    return openRestyRecord(record, uri, {
      ts: readTimestamp(record['started_at'], 'ms'),
      tsField: 'started_at',
      requestId: stringAt(request, 'id') ?? stringAt(objectAt(objectAt(record, 'response'), 'headers'), 'x-kong-request-id'),
      path: uri,
      latencyMs: numberAt(objectAt(record, 'latencies'), 'request'),
      consumer: stringAt(consumer, 'username') ?? stringAt(consumer, 'custom_id') ?? stringAt(consumer, 'id'),
      service: stringAt(objectAt(record, 'service'), 'name') ?? stringAt(objectAt(record, 'api'), 'name'),
    });
  },
};

export const createKongAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(kongSpec, options);

/** The Kong adapter with default options. */
export const kongAdapter: GatewayAdapter = createKongAdapter();
