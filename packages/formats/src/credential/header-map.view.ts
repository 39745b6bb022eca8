import { headerIn, isObject, queryOf, queryParam, textOf, type JsonObject } from '../record-access';
import type { RecordView } from './credential.source';

/** How a gateway logs the request: its headers as a map, its query parsed or only inside the path. */
export interface LoggedRequest {
  /** Header name to value (or to an array of values). */
  headers: JsonObject | undefined;
  /** The gateway lowercases header names itself (Kong, APISIX), so no case-insensitive scan is needed. */
  lowercaseNames?: boolean;
  /** The query as an object, when the gateway logs it parsed; a flag without a value (`true`) has no value. */
  parsedQuery?: unknown;
  /** Paths or URLs whose query part is read when there is no parsed query; the first that has one wins. */
  targets: readonly (string | undefined)[];
}

/** The view of gateways that log a header map (Kong, APISIX, Caddy, Envoy, custom mappings). */
export class HeaderMapView implements RecordView {
  constructor(
    readonly record: JsonObject,
    private readonly request: LoggedRequest,
  ) {}

  header(lowerName: string): string | undefined {
    return headerIn(this.request.headers, lowerName, !this.request.lowercaseNames);
  }

  query(name: string): string | undefined {
    const { parsedQuery, targets } = this.request;
    if (isObject(parsedQuery)) return textOf(parsedQuery[name]);
    for (const target of targets) {
      const query = queryOf(target);
      if (query !== undefined) return queryParam(query, name);
    }
    return undefined;
  }
}
