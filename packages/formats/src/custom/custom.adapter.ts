import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { HeaderMapView } from '../credential/header-map.view';
import { createAdapter } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { headerIn, isObject, numberOf, splitPath, textOf, valueAtPath, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';
import { parseCustomMapping } from './custom-mapping.schema';

const TO_MS = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 } as const;

/**
 * An adapter for any JSON access log, from a declarative field mapping (see CustomMapping).
 * The mapping is a CustomMappingInput, taken as unknown because it usually comes from a JSON file; it is validated here.
 * Throws CustomMappingError when the mapping is invalid: configuration fails fast, records never throw.
 */
export function createCustomAdapter(mappingInput: unknown, options: AdapterOptions = {}): GatewayAdapter {
  const mapping = parseCustomMapping(mappingInput);
  const at = (path: string | undefined): ((record: JsonObject) => unknown) => {
    if (path === undefined) return () => undefined;
    const segments = splitPath(path);
    return (record) => valueAtPath(record, segments);
  };
  const get = {
    ts: at(mapping.ts.path),
    requestId: at(mapping.requestId),
    ip: at(mapping.ip),
    forwardedFor: at(mapping.forwardedFor),
    method: at(mapping.method),
    path: at(mapping.path),
    route: at(mapping.route),
    status: at(mapping.status),
    bytes: at(mapping.bytes),
    latency: at(mapping.latency?.path),
    userAgent: at(mapping.userAgent),
    consumer: at(mapping.consumer),
    service: at(mapping.service),
    headers: at(mapping.headers),
    query: at(mapping.query),
  };
  const latencyScale = TO_MS[mapping.latency?.unit ?? 'ms'];

  return createAdapter(
    {
      gateway: mapping.gateway,
      defaultSources: mapping.credential,
      extract(record: JsonObject): ExtractedRecord {
        const headersValue = get.headers(record);
        const headers = isObject(headersValue) ? headersValue : undefined;
        const path = textOf(get.path(record));
        const latency = numberOf(get.latency(record));
        return {
          ts: readTimestamp(get.ts(record), mapping.ts.unit),
          tsField: mapping.ts.path,
          requestId: textOf(get.requestId(record)),
          peer: textOf(get.ip(record)),
          forwardedFor: textOf(get.forwardedFor(record)),
          method: textOf(get.method(record)),
          path,
          route: textOf(get.route(record)),
          status: numberOf(get.status(record)),
          bytes: numberOf(get.bytes(record)),
          latencyMs: latency === undefined ? undefined : latency * latencyScale,
          userAgent: textOf(get.userAgent(record)) ?? headerIn(headers, 'user-agent'),
          consumer: textOf(get.consumer(record)),
          service: textOf(get.service(record)),
          // Headers from the mapped header map (any case); query parameters from the mapped object, else the path.
          view: new HeaderMapView(record, { headers, parsedQuery: get.query(record), targets: [path] }),
        };
      },
    },
    { ...options, credentialSources: options.credentialSources ?? mapping.credential },
  );
}
