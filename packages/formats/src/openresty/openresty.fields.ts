import { HeaderMapView } from '../credential/header-map.view';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, objectAt, stringAt, type JsonObject } from '../record-access';

export type OpenRestyFields = Pick<ExtractedRecord, 'peer' | 'forwardedFor' | 'method' | 'status' | 'bytes' | 'userAgent' | 'view'>;

/**
 * What Kong and APISIX, both OpenResty, log alike: `client_ip`, `request.method`, `response.status`
 * and `size`, `ngx.req.get_headers()` (lowercase names) as `request.headers`, and the parsed query as
 * `request.querystring`; the query of the URI, else of `request.url`, is read only when that is absent.
 */
export function openRestyFields(record: JsonObject, uri: string | undefined): OpenRestyFields {
  const request = objectAt(record, 'request');
  const response = objectAt(record, 'response');
  const view = new HeaderMapView(record, {
    headers: objectAt(request, 'headers'),
    lowercaseNames: true,
    parsedQuery: request?.['querystring'],
    targets: [uri, stringAt(request, 'url')],
  });
  return {
    peer: stringAt(record, 'client_ip'),
    forwardedFor: view.header('x-forwarded-for'),
    method: stringAt(request, 'method'),
    status: numberAt(response, 'status'),
    bytes: numberAt(response, 'size'),
    userAgent: view.header('user-agent'),
    view,
  };
}
