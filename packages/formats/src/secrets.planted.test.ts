import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccessEvent } from '@tokenwatch/contracts';
import type { RecordOutcome } from './adapter';
import { normalizeMessage } from './message/message.normalizer';
import type { CustomMappingInput } from './custom/custom-mapping.schema';
import { adapterFor, type FormatName } from './registry';

/**
 * Secrets planted in every place a gateway may log them; none may appear in any event or any
 * rejection reason (the DLQ's record text is the original record by design and is not output).
 */
const KEY = 'planted-secrets-key-0123456789abcdef';
const NOW = Date.UTC(2026, 0, 1);
const T = Date.UTC(2025, 9, 20, 12);
const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const JWT = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u({ sub: 'svc-payments', iss: 'https://idp.example.test' })}.UExBTlRFRC1qd3Qtc2lnbmF0dXJl`;
const OPAQUE = 'opaquePLANTEDbearer0123456789';
const BASIC_PASS = 'PLANTED-basic-password-42';
const BASIC = Buffer.from(`alice:${BASIC_PASS}`).toString('base64');
const KEY_AS_USER = Buffer.from('sk_live_PLANTEDuserOnlyKey9876:').toString('base64');
const API_KEY = 'sk_live_PLANTEDapikey000111222';
const QUERY_KEY = 'PLANTEDquerykey333444555';
const LEGACY_KEY = '2b64e2f0193851d4135a2e885cd08a65';
const SECRETS = [JWT, OPAQUE, BASIC_PASS, BASIC, KEY_AS_USER, 'sk_live_PLANTEDuserOnlyKey9876', API_KEY, QUERY_KEY, LEGACY_KEY];

const headerSets: Array<Record<string, string>> = [
  { apikey: API_KEY },
  { 'x-api-key': API_KEY },
  { authorization: `Bearer ${JWT}` },
  { authorization: `Bearer ${OPAQUE}` },
  { authorization: `Basic ${BASIC}` },
  { authorization: `Basic ${KEY_AS_USER}` },
  { authorization: `Bearer ${OPAQUE}`, apikey: API_KEY },
];
/** A key in a path segment is scrubbed when the record also carries it as a credential (here: the query). */
const withSecretsInPath = `/v1/hooks/${QUERY_KEY}/deliveries/7?apikey=${QUERY_KEY}&api_key=${QUERY_KEY}&access_token=${OPAQUE}`;

function records(format: FormatName, headers: Record<string, string>): unknown[] {
  const h = { 'user-agent': 'curl/8.7.1', ...headers };
  switch (format) {
    case 'kong':
      return [
        {
          started_at: T,
          client_ip: '81.2.69.142',
          request: {
            method: 'GET',
            uri: withSecretsInPath,
            url: `https://api.example.test${withSecretsInPath}`,
            headers: h,
            querystring: { apikey: QUERY_KEY },
          },
          response: { status: 200, size: 10 },
        },
        {
          started_at: T,
          client_ip: '81.2.69.142',
          request: { method: 'GET', uri: '/get', headers: {} },
          response: { status: 200, size: '434' },
          authenticated_entity: { consumer_id: 'c-1', key: LEGACY_KEY },
        },
      ];
    case 'apisix':
      return [
        {
          start_time: T,
          client_ip: '81.2.69.142',
          route_id: '1',
          request: { method: 'GET', uri: withSecretsInPath, url: `http://x${withSecretsInPath}`, headers: h, querystring: { apikey: QUERY_KEY } },
          response: { status: 200, size: 1 },
          latency: 1.5,
        },
      ];
    case 'envoy':
      return [
        {
          start_time: new Date(T).toISOString(),
          method: 'GET',
          'x-envoy-origin-path': withSecretsInPath,
          response_code: '200',
          bytes_sent: '1',
          duration: '2',
          downstream_remote_address: '81.2.69.142:1234',
          ...h,
        },
      ];
    case 'traefik':
      return [
        {
          StartUTC: new Date(T).toISOString(),
          ClientAddr: '81.2.69.142:1',
          RequestMethod: 'GET',
          RequestPath: withSecretsInPath,
          DownstreamStatus: 200,
          Duration: 1000,
          ...Object.fromEntries(Object.entries(h).map(([k, v]) => [`request_${canonical(k)}`, v])),
        },
      ];
    case 'nginx':
      return [
        {
          time_iso8601: new Date(T).toISOString(),
          remote_addr: '81.2.69.142',
          request: `GET ${withSecretsInPath} HTTP/1.1`,
          status: 200,
          body_bytes_sent: 1,
          ...Object.fromEntries(Object.entries(h).map(([k, v]) => [`http_${k.replace(/-/g, '_')}`, v])),
        },
      ];
    case 'aws-apigw':
      return [
        {
          requestId: 'r',
          ip: '81.2.69.142',
          requestTime: '20/Oct/2025:12:00:00 +0000',
          httpMethod: 'GET',
          resourcePath: '/hooks/{id}',
          path: `/v1/hooks/${API_KEY}/deliveries/7`,
          status: '200',
          responseLength: '1',
          apiKey: API_KEY,
        },
      ];
    case 'caddy':
      return [
        {
          ts: T / 1000,
          logger: 'http.log.access.log0',
          request: {
            remote_ip: '81.2.69.142',
            method: 'GET',
            host: 'api.example.test',
            uri: withSecretsInPath,
            headers: Object.fromEntries(Object.entries(h).map(([k, v]) => [canonical(k), [v]])),
          },
          user_id: '',
          duration: 0.001,
          size: 1,
          status: 200,
        },
      ];
    case 'haproxy':
      return [
        {
          ts: T / 1000,
          ts_ms: '000',
          frontend_name: 'api',
          backend_name: 'api',
          client_ip: '81.2.69.142',
          http_method: 'GET',
          http_uri: withSecretsInPath,
          status: 200,
          bytes: 1,
          active_ms: 1,
          ...Object.fromEntries(Object.entries(h).map(([k, v]) => [`hdr_${k.replace(/-/g, '_')}`, v])),
        },
      ];
    default:
      return [];
  }
}

/** `x-api-key` -> `X-Api-Key`, as Go servers (Traefik, Caddy) write header names. */
const canonical = (name: string) => name.replace(/(^|-)\w/g, (c) => c.toUpperCase());

const collect = (outcomes: RecordOutcome[]) => outcomes.map((o) => (o.result.kind === 'ok' ? o.result.value : o.result.reason));

describe('planted secrets never leave normalize', () => {
  const formats: FormatName[] = ['kong', 'apisix', 'envoy', 'traefik', 'nginx', 'aws-apigw', 'caddy', 'haproxy'];
  for (const format of formats) {
    for (const via of [format, 'auto'] as const) {
      it(`${format} via ${via}`, () => {
        const adapter = adapterFor(via, { anonymous: false });
        const outputs: Array<AccessEvent | string> = [];
        for (const headers of headerSets) {
          const batch = records(format, headers);
          outputs.push(...collect(normalizeMessage(JSON.stringify(batch), adapter, { fingerprintKey: KEY, now: NOW })));
          for (const record of batch) outputs.push(...collect(normalizeMessage(JSON.stringify(record), adapter, { fingerprintKey: KEY, now: NOW })));
        }
        const events = outputs.filter((o): o is AccessEvent => typeof o !== 'string');
        expect(events.length).toBeGreaterThan(0);
        const text = JSON.stringify(outputs);
        for (const secret of SECRETS) expect(text, `${format} leaked ${secret.slice(0, 12)}…`).not.toContain(secret);
        for (const event of events) {
          expect(event.path ?? '').not.toContain('?');
          if (event.token.kind === 'api_key' || event.token.kind === 'bearer') expect((event.token.hint ?? '').length).toBeLessThanOrEqual(4);
        }
      });
    }
  }

  it('the crafted fixtures: no planted secret in any output of any format', () => {
    const dir = fileURLToPath(new URL('../../../test/fixtures/crafted/', import.meta.url));
    const planted = readFileSync(`${dir}planted-secrets.txt`, 'utf8').split('\n').filter(Boolean);
    const runs: Array<[string, FormatName]> = [
      ['cloudwatch-envelope.json', 'aws-apigw'],
      ['nginx-json.jsonl', 'nginx'],
      ['envoy-json-format.jsonl', 'envoy'],
      ['custom.jsonl', 'custom'],
    ];
    const mapping = JSON.parse(readFileSync(`${dir}custom-mapping.json`, 'utf8')) as CustomMappingInput;
    let events = 0;
    for (const [file, format] of runs) {
      for (const via of [format, ...(format === 'custom' ? [] : ['auto' as const])]) {
        const adapter = adapterFor(via, via === 'custom' ? { mapping } : {});
        const lines = readFileSync(dir + file, 'utf8')
          .split('\n')
          .filter(Boolean);
        const outputs = lines.flatMap((line) => collect(normalizeMessage(line, adapter, { fingerprintKey: KEY, now: NOW })));
        events += outputs.filter((o) => typeof o !== 'string').length;
        const text = JSON.stringify(outputs);
        for (const secret of planted) expect(text, `${file} via ${via}`).not.toContain(secret);
      }
    }
    expect(events).toBeGreaterThan(10);
  });
});
