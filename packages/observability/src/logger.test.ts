import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from './logger';

it('redacts credentials even when a whole record is logged', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const log = createLogger({ name: 't', destination: sink });
  log.info({ request: { headers: { authorization: 'Bearer sk_live_secret', apikey: 'k-secret-1' } } }, 'record');
  log.flush?.();
  await new Promise((resolve) => setImmediate(resolve));
  expect(lines.join('')).toContain('[redacted]');
  expect(lines.join('')).not.toMatch(/sk_live_secret|k-secret-1/);
});
