import type { AdapterOptions, GatewayAdapter } from '../adapter';
import { apiKeySources, authorizationSources, field, type CredentialSource, type RecordView } from '../credential/credential.source';
import { createAdapter, type AdapterSpec } from '../event/adapter.factory';
import type { ExtractedRecord } from '../event/event.builder';
import { numberAt, queryOf, queryParam, stringAt, textOf, type JsonObject } from '../record-access';
import { readTimestamp } from '../time/timestamp.parser';
import { parseCombinedLine, parseRequestLine } from './combined-line.parser';

/**
 * `$remote_user` (the HTTP Basic user nginx checked) is the only identity `combined` has; a JSON
 * format can add `$http_x_api_key`, `$http_authorization` (raw secrets: fingerprinted, dropped) or
 * `$arg_api_key`. Keys are nginx variable names: header `X-Api-Key` is `http_x_api_key`.
 */
export const NGINX_SOURCES: readonly CredentialSource[] = [...apiKeySources(), ...authorizationSources(), field('remote_user', 'basic')];

const SECONDS_TO_MS = 1000;

/** NGINX access logs: `combined` text lines, and JSON lines from an `escape=json` log_format. */
export const nginxSpec: AdapterSpec = {
  gateway: 'nginx',
  defaultSources: NGINX_SOURCES,
  decodeText: parseCombinedLine,
  extract(record: JsonObject): ExtractedRecord {
    const requestLine = parseRequestLine(stringAt(record, 'request'));
    const target = stringAt(record, 'request_uri') ?? requestLine?.target ?? stringAt(record, 'uri');
    const args = stringAt(record, 'args') ?? stringAt(record, 'query_string') ?? queryOf(target);
    const [ts, tsField] = nginxTime(record);
    const requestTime = numberAt(record, 'request_time');
    return {
      ts,
      tsField,
      requestId: stringAt(record, 'request_id'),
      peer: stringAt(record, 'remote_addr'),
      forwardedFor: stringAt(record, 'http_x_forwarded_for'),
      method: stringAt(record, 'request_method') ?? requestLine?.method,
      path: target,
      status: numberAt(record, 'status'),
      bytes: numberAt(record, 'body_bytes_sent') ?? numberAt(record, 'bytes_sent'),
      latencyMs: requestTime === undefined ? undefined : requestTime * SECONDS_TO_MS,
      userAgent: stringAt(record, 'http_user_agent'),
      consumer: stringAt(record, 'remote_user'),
      service: stringAt(record, 'server_name'),
      view: new NginxView(record, args),
    };
  },
};

/** Variables `$http_x_api_key` (header X-Api-Key) and `$arg_api_key`, else the request's query string. */
class NginxView implements RecordView {
  constructor(
    readonly record: JsonObject,
    private readonly args: string | undefined,
  ) {}

  header(lowerName: string): string | undefined {
    return textOf(this.record[variableOf(HEADER_VARIABLES, lowerName)]);
  }

  query(name: string): string | undefined {
    return textOf(this.record[variableOf(ARG_VARIABLES, name)]) ?? (this.args === undefined ? undefined : queryParam(this.args, name));
  }
}

/** Variable names of the header and argument names that credential sources ask for (a few per adapter), made once. */
const HEADER_VARIABLES = { prefix: 'http_', dashes: '_', known: new Map<string, string>() };
const ARG_VARIABLES = { prefix: 'arg_', dashes: '-', known: new Map<string, string>() };
const VARIABLE_NAMES_MAX = 256;

function variableOf({ prefix, dashes, known }: typeof HEADER_VARIABLES, name: string): string {
  let variable = known.get(name);
  if (variable === undefined) {
    variable = prefix + name.replace(/-/g, dashes);
    if (known.size < VARIABLE_NAMES_MAX) known.set(name, variable);
  }
  return variable;
}

function nginxTime(record: JsonObject): [number | undefined, string] {
  if (record['time_iso8601'] !== undefined) return [readTimestamp(record['time_iso8601'], 'iso'), 'time_iso8601'];
  if (record['msec'] !== undefined) return [readTimestamp(record['msec'], 's'), 'msec'];
  if (record['time_local'] !== undefined) return [readTimestamp(record['time_local'], 'clf'), 'time_local'];
  for (const key of ['@timestamp', 'timestamp', 'time']) if (record[key] !== undefined) return [readTimestamp(record[key]), key];
  return [undefined, 'time_local'];
}

export const createNginxAdapter = (options?: AdapterOptions): GatewayAdapter => createAdapter(nginxSpec, options);
