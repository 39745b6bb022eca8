import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './logger';

it('redacts credentials even when a whole record is logged', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ name: 't', destination: sink });
  log.info({ request: { headers: { authorization: 'Bearer sk_live_secret', apikey: 'k-secret-1' } } }, 'record');
  log.warn(
    {
      options: { sasl: { mechanism: 'scram-sha-512', username: 'tw', password: 'k-secret-3' } },
      env: { KAFKA_SASL_PASSWORD: 'k-secret-4', CLICKHOUSE_PASSWORD: 'k-secret-5', KAFKA_SASL_OAUTHBEARER_TOKEN: 'k-secret-6' },
    },
    'client',
  );
  log.flush?.();
  await new Promise((resolve) => setImmediate(resolve));
  expect(lines.join('')).toContain('[redacted]');
  expect(lines.join('')).not.toMatch(/sk_live_secret|k-secret-[13456]/);
});

it('writes human-readable lines when asked (a terminal), still redacted, and JSON otherwise', async () => {
  const lines: string[] = [];
  const sink = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
    { isTTY: true },
  );
  const log = createLogger({ name: 'ingest', destination: sink });
  log.info({ apikey: 'k-secret-2', events: 12 }, 'batch stored');
  await new Promise((resolve) => setImmediate(resolve));
  const text = lines.join('');
  expect(text).toMatch(/INFO.*\(ingest\).*batch stored/);
  expect(text).not.toMatch(/^\{/);
  expect(text).not.toContain('k-secret-2');
  const json: string[] = [];
  const plain = new Writable({
    write(chunk, _enc, done) {
      json.push(String(chunk));
      done();
    },
  });
  createLogger({ name: 'ingest', destination: plain }).info('batch stored');
  await new Promise((resolve) => setImmediate(resolve));
  expect(JSON.parse(json.join('')).msg).toBe('batch stored');
});
