import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AccessEvent } from '@tokenwatch/contracts';
import { RejectLabel, reasonLabel } from './event/reject-reasons';
import { normalizeMessage } from './message/message.normalizer';
import { adapterFor, type FormatName } from './registry';

/** Every record of every upstream sample becomes an event or a reasoned rejection, per format and with `auto`. */
const SAMPLES = fileURLToPath(new URL('../../../test/fixtures/gateway-samples/', import.meta.url));
const FORMAT_OF: Record<string, FormatName> = {
  apisix: 'apisix',
  aws_apigateway: 'aws-apigw',
  envoy: 'envoy',
  kong: 'kong',
  nginx: 'nginx',
  traefik: 'traefik',
};
const LABELS = new Set<string>(Object.values(RejectLabel));
const NOW = Date.UTC(2026, 0, 1);
const KEY = 'samples-table-key-0123456789abcdef';

const files = readdirSync(SAMPLES).filter((f) => /\.(jsonl|log)$/.test(f));
const linesOf = (file: string) =>
  readFileSync(SAMPLES + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

/** What each sample line becomes with its own format's adapter, default options and with `anonymous`. */
const EXPECTED: Record<string, { strict: string[]; anonymous: string[] }> = {
  'apisix.custom-log-format.jsonl': { strict: ['no credential', 'no credential'], anonymous: ['ok', 'ok'] },
  'apisix.jsonl': { strict: Array(3).fill('no credential'), anonymous: Array(3).fill('ok') },
  'aws_apigateway.jsonl': { strict: Array(6).fill('no credential'), anonymous: Array(6).fill('ok') },
  'envoy.default-text.log': { strict: Array(3).fill('no credential'), anonymous: Array(3).fill('ok') },
  'envoy.jsonl': { strict: ['no credential', 'no credential', 'invalid timestamp'], anonymous: ['ok', 'ok', 'invalid timestamp'] },
  'kong.jsonl': { strict: ['no credential', 'ok', 'ok'], anonymous: ['ok', 'ok', 'ok'] },
  'kong.legacy-0.x.jsonl': { strict: ['ok'], anonymous: ['ok'] },
  'nginx.combined.log': { strict: Array(5).fill('no credential'), anonymous: Array(5).fill('ok') },
  'traefik.jsonl': { strict: Array(6).fill('no credential'), anonymous: Array(6).fill('ok') },
};

describe('upstream samples, table', () => {
  it('covers every sample file', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const format = FORMAT_OF[file.split('.')[0]!]!;
    for (const anonymous of [false, true]) {
      for (const name of [format, 'auto'] as const) {
        it(`${file} with ${name}${anonymous ? ' (anonymous)' : ''}`, () => {
          const adapter = adapterFor(name, { anonymous });
          const kinds = linesOf(file).map((line) => {
            const outcomes = normalizeMessage(line, adapter, { fingerprintKey: KEY, now: NOW });
            expect(outcomes).toHaveLength(1);
            const { result } = outcomes[0]!;
            if (result.kind === 'ok') {
              expect(AccessEvent.parse(result.value)).toEqual(result.value);
              expect(result.value.gateway).toBe(format);
              return 'ok';
            }
            expect(result.kind).toBe('reject');
            if (result.kind !== 'reject') return 'retry';
            expect(LABELS.has(reasonLabel(result.reason)), result.reason).toBe(true);
            return reasonLabel(result.reason);
          });
          const expected = EXPECTED[file]![anonymous ? 'anonymous' : 'strict'];
          // `auto` cannot tell a 3-key Envoy json_format record from anything else.
          const adjusted = name === 'auto' && file === 'envoy.jsonl' ? expected.map((k, i) => (i === 2 ? 'unknown format' : k)) : expected;
          expect(kinds).toEqual(adjusted);
        });
      }
    }
  }
});

describe('field mapping on the samples', () => {
  const first = (file: string, format: FormatName, index: number) => {
    const result = normalizeMessage(linesOf(file)[index]!, adapterFor(format, { anonymous: true }), { fingerprintKey: KEY, now: NOW })[0]!.result;
    if (result.kind !== 'ok') throw new Error(result.kind === 'reject' ? result.reason : 'retry');
    return result.value;
  };

  it('kong 3.8: request id, latencies.request, service name', () => {
    expect(first('kong.jsonl', 'kong', 0)).toMatchObject({
      id: 'kong-2f6946328ffc4946b8c9120704a4a155',
      ts: 1726783839538,
      ip: '192.168.65.1',
      status: 200,
      bytes: 9982,
      latencyMs: 173,
      service: 'example_service',
      userAgent: 'HTTPie/3.2.3',
    });
  });

  it('envoy gateway: typed values, ISO start time, XFF-derived address with port 0', () => {
    expect(first('envoy.jsonl', 'envoy', 1)).toMatchObject({
      ts: Date.parse('2025-05-02T15:51:34.379Z'),
      ip: '31.94.8.204',
      status: 404,
      path: '/.well-known/matrix/server',
      latencyMs: 0,
    });
  });

  it('envoy default text format', () => {
    expect(first('envoy.default-text.log', 'envoy', 0)).toMatchObject({
      method: 'POST',
      path: '/api/v1/locations',
      status: 204,
      bytes: 0,
      latencyMs: 226,
      ip: '10.0.35.28',
      userAgent: 'nsq2http',
    });
  });

  it('aws REST and HTTP API: CLF time, string numbers, gateway route templates', () => {
    expect(first('aws_apigateway.jsonl', 'aws-apigw', 1)).toMatchObject({
      ts: Date.UTC(2023, 6, 19, 16, 15, 46),
      route: '/pets/{petId}',
      path: null,
      status: 200,
      bytes: 49,
      ip: '1.128.0.0',
    });
    expect(first('aws_apigateway.jsonl', 'aws-apigw', 4)).toMatchObject({ id: 'aws-apigw-GQIVriFLIAMEMsA=', route: '/', method: 'GET', bytes: 47140 });
  });

  it('nginx combined: CLF with offset, request line', () => {
    expect(first('nginx.combined.log', 'nginx', 1)).toMatchObject({
      ts: Date.UTC(2016, 9, 25, 12, 49, 34),
      method: 'GET',
      path: '/favicon.ico',
      status: 404,
      bytes: 571,
      ip: '67.43.156.13',
    });
  });

  it('traefik: nanosecond durations, XFF in ClientHost behind a private peer, IPv6, v1 BackendName', () => {
    expect(first('traefik.jsonl', 'traefik', 4)).toMatchObject({ ip: '175.16.199.10', latencyMs: 59.518533, route: '/api/v1/study/{id}/card/comment' });
    expect(first('traefik.jsonl', 'traefik', 5)).toMatchObject({ ip: '::1' });
    expect(first('traefik.jsonl', 'traefik', 0)).toMatchObject({ service: 'Traefik', ts: Date.parse('2021-03-16T18:56:54.735Z') });
  });

  it('apisix: float latencies, query string stripped, cjson-escaped slashes', () => {
    expect(first('apisix.jsonl', 'apisix', 0)).toMatchObject({ latencyMs: 411.00001335144, ts: 1699596164550, service: 'kafka-logger-route' });
    expect(first('apisix.jsonl', 'apisix', 2)).toMatchObject({ path: '/hello', route: '/hello' });
  });
});
