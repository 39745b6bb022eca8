import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, type CredentialSource, type RecordView } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, queryParamOf, stringAt, textOf, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';
import { decodeSyslogFramed } from './syslog-frame';

/**
 * HAProxy has no JSON access log of its own: these are the keys of the `log-format` in
 * infra/gateways/haproxy/frontend.cfg. A request header is logged as `hdr_<name>` (lowercase,
 * dashes as underscores: `X-Api-Key` -> `hdr_x_api_key`), so a header added to the format is read
 * by the credential sources that name it. Lines come raw (`log … format raw`) or syslog-framed.
 */
export const HAPROXY_SOURCES: readonly CredentialSource[] = [...apiKeySources(), ...authorizationSources()];

/** Fields without which a record is not one of ours: rejected rather than guessed from. */
const REQUIRED = ['ts', 'client_ip', 'http_method', 'http_uri'] as const;

export const haproxySpec: AdapterSpec = {
  gateway: 'haproxy',
  defaultSources: HAPROXY_SOURCES,
  decodeText: decodeSyslogFramed,
  shapeProblem(record: JsonObject): string | undefined {
    for (const key of REQUIRED) if (record[key] === undefined || record[key] === null) return `haproxy record without ${key}`;
    return undefined;
  },
  extract(record: JsonObject): ExtractedRecord {
    const uri = stringAt(record, 'http_uri');
    const view = new HaproxyView(record, uri);
    return {
      ...haproxyTime(record),
      requestId: stringAt(record, 'request_id'),
      peer: stringAt(record, 'client_ip'),
      forwardedFor: view.header('x-forwarded-for'),
      method: stringAt(record, 'http_method'),
      path: uri,
      status: notReached(numberAt(record, 'status')),
      bytes: numberAt(record, 'bytes'),
      latencyMs: notReached(numberAt(record, 'active_ms')),
      userAgent: view.header('user-agent'),
      service: stringAt(record, 'backend_name'),
      view,
    };
  },
};

class HaproxyView implements RecordView {
  constructor(
    readonly record: JsonObject,
    private readonly uri: string | undefined,
  ) {}

  header(lowerName: string): string | undefined {
    return textOf(this.record[`hdr_${lowerName.replace(/-/g, '_')}`]);
  }

  query(name: string): string | undefined {
    return queryParamOf(this.uri, name);
  }
}

/** `%Ts` (accept date, epoch seconds) plus `%ms` (its milliseconds, logged as a string: HAProxy pads it to 3 digits). */
function haproxyTime(record: JsonObject): { ts: number | undefined; tsField: string } {
  const seconds = readTimestamp(record['ts'], 's');
  if (seconds === undefined || Number.isNaN(seconds) || record['ts_ms'] === undefined) return { ts: seconds, tsField: 'ts' };
  const ms = numberAt(record, 'ts_ms');
  if (ms === undefined || !(ms >= 0 && ms < 1000)) return { ts: NaN, tsField: 'ts_ms' };
  return { ts: seconds + ms, tsField: 'ts' };
}

/** HAProxy logs -1 for a timer whose stage was never reached, and for the status of a request that got no response (an abort). */
function notReached(value: number | undefined): number | undefined {
  return value === -1 ? undefined : value;
}

export const createHaproxyAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(haproxySpec, options);
