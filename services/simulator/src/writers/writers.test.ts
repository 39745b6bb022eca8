import { describe, expect, it } from 'vitest';
import { adapterFor, fingerprintCredential, isFormatName, normalizeMessage } from '@tokenwatch/formats';
import { createSimulation } from '../simulation';
import { WRITERS } from './writers';

const KEY = 'writers-test-fingerprint-key-0123456789';
const simulation = createSimulation({
  tokens: 30,
  days: 2,
  seed: 'writers',
  start: Date.parse('2025-03-03T00:00:00Z'),
  scenarios: ['auth-failure-probing', 'oauth-breach-sequence'],
});
const sample = [...take(simulation.events(), 400)];

describe.each(WRITERS.map((w) => [w.format, w] as const))('%s writer', (format, writer) => {
  if (!isFormatName(format)) throw new Error(`no adapter named ${format}`);
  const adapter = adapterFor(format);

  it('writes records its adapter reads back with the same request, and the credential the labels name', () => {
    for (const event of sample) {
      const line = writer.write(event);
      expect(line).not.toContain('\n');
      const [outcome] = normalizeMessage(line, adapter, { fingerprintKey: KEY });
      if (outcome?.result.kind !== 'ok') throw new Error(`${format}: ${JSON.stringify(outcome?.result)} for ${line}`);
      const normalized = outcome.result.value;
      expect(normalized.token.kind).toBe(writer.tokenKind);
      expect(normalized.token.fp).toBe(fingerprintCredential(KEY, writer.tokenKind, writer.tokenOf(event.token)));
      expect(normalized).toMatchObject({ ip: event.ip, method: event.method, status: event.status, path: event.uri.split('?')[0] });
      expect(normalized.ts).toBe(event.ts); // every writer logs a millisecond time
      expect(normalized.userAgent).toBe(event.userAgent);
    }
  });

  it('never lets the raw API key into the normalized event', () => {
    for (const event of sample.slice(0, 50)) {
      const [outcome] = normalizeMessage(writer.write(event), adapter, { fingerprintKey: KEY });
      expect(JSON.stringify(outcome?.result)).not.toContain(event.token.apiKey);
    }
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  let i = 0;
  for (const item of items) {
    if (i++ >= n) return;
    yield item;
  }
}
