import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource, type RecordView } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { headerIn, isObject, numberAt, objectAt, queryOf, queryParam, stringAt, textOf, type JsonObject } from '../record-access';
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
    const response = objectAt(record, 'response');
    const headers = objectAt(request, 'headers');
    const uri = stringAt(request, 'uri') ?? stringAt(request, 'request_uri');
    const consumer = objectAt(record, 'consumer');
    return {
      ts: readTimestamp(record['started_at'], 'ms'),
      tsField: 'started_at',
      requestId: stringAt(request, 'id') ?? stringAt(objectAt(response, 'headers'), 'x-kong-request-id'),
      peer: stringAt(record, 'client_ip'),
      forwardedFor: headerIn(headers, 'x-forwarded-for', false),
      method: stringAt(request, 'method'),
      path: uri,
      status: numberAt(response, 'status'),
      bytes: numberAt(response, 'size'),
      latencyMs: numberAt(objectAt(record, 'latencies'), 'request'),
      userAgent: headerIn(headers, 'user-agent', false),
      consumer: stringAt(consumer, 'username') ?? stringAt(consumer, 'custom_id') ?? stringAt(consumer, 'id'),
      service: stringAt(objectAt(record, 'service'), 'name') ?? stringAt(objectAt(record, 'api'), 'name'),
      view: new KongView(record, headers, request?.['querystring'], uri, stringAt(request, 'url')),
    };
  },
};

/** Kong lowercases header names; query parameters come from `request.querystring`, else the URI. */
class KongView implements RecordView {
  constructor(
    readonly record: JsonObject,
    private readonly headers: JsonObject | undefined,
    private readonly querystring: unknown,
    private readonly uri: string | undefined,
    private readonly url: string | undefined,
  ) {}

  header(lowerName: string): string | undefined {
    return headerIn(this.headers, lowerName, false);
  }

  query(name: string): string | undefined {
    // Kong logs the parsed query (`true` for a flag without a value); the URI only when it does not.
    if (isObject(this.querystring)) {
      const value = this.querystring[name];
      return value === true ? undefined : textOf(value);
    }
    const q = queryOf(this.uri) ?? queryOf(this.url);
    return q === undefined ? undefined : queryParam(q, name);
  }
}

export const createKongAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(kongSpec, options);

/** The Kong adapter with default options. */
export const kongAdapter: GatewayAdapter = createKongAdapter();
