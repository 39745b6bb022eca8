import { randomBytes } from 'node:crypto';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseSetupError, createClickHouse } from '@tokenwatch/clickhouse';
import { loadIngestConfig } from '@tokenwatch/ingest';
import { ensureCertificate, ensureThrowawayCa } from '@tokenwatch/kafka';
import { runCli } from './support/run-cli';

/**
 * The TLS half of CLICKHOUSE_URL=https://…: no ClickHouse server can run on this machine, so the
 * other side is a plain HTTPS endpoint (NOT ClickHouse) that answers every request with 200 and an
 * empty body, which is all the client's ping and CREATE DATABASE need. It proves that the CA of
 * CLICKHOUSE_CA_FILE is what the client trusts, that the password of CLICKHOUSE_PASSWORD_FILE is
 * what it sends, and that a certificate it must not accept stops it with one clear line. What runs
 * on a real server after that (queries, inserts, migrations) is not covered here.
 */
const run = randomBytes(4).toString('hex');
const PASSWORD = `planted-ch-pw-${run}`;
const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-clickhouse-https-'));
const passwordFile = join(dir, 'clickhouse.password');
let caFile: string;
let server: Server;
let port: number;
/** The credentials each request carried (with a custom CA the client sends ClickHouse's X-ClickHouse-User / -Key headers). */
const credentials: string[] = [];

beforeAll(async () => {
  const ca = await ensureThrowawayCa(join(dir, 'ca'), 'tokenwatch test ClickHouse CA');
  const cert = await ensureCertificate(ca, join(dir, 'ca'), 'clickhouse', ['localhost']);
  caFile = ca.certFile;
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  server = createServer({ key: readFileSync(cert.keyFile), cert: readFileSync(cert.certFile) }, (request, response) => {
    credentials.push(`${String(request.headers['x-clickhouse-user'])}:${String(request.headers['x-clickhouse-key'])}`);
    request.resume().on('end', () => response.writeHead(200, { 'content-type': 'text/plain' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const settings = (extra: Record<string, string> = {}) => ({
  CLICKHOUSE_URL: `https://localhost:${port}`,
  CLICKHOUSE_USER: 'tokenwatch',
  CLICKHOUSE_PASSWORD_FILE: passwordFile,
  CLICKHOUSE_DATABASE: `https_${run}`,
  ...extra,
});
const open = (env: Record<string, string>) => {
  const config = loadIngestConfig(env);
  return createClickHouse({
    url: config.CLICKHOUSE_URL,
    dataPath: dir,
    database: config.CLICKHOUSE_DATABASE,
    username: config.CLICKHOUSE_USER,
    password: config.clickhousePassword?.reveal(),
    caCert: config.clickhouseCa,
  });
};

describe('ClickHouse over HTTPS', () => {
  it('trusts the CA of CLICKHOUSE_CA_FILE and sends the password of CLICKHOUSE_PASSWORD_FILE', async () => {
    const ch = await open(settings({ CLICKHOUSE_CA_FILE: caFile }));
    await ch.close();
    expect(credentials.length).toBeGreaterThanOrEqual(2);
    for (const sent of credentials) expect(sent).toBe(`tokenwatch:${PASSWORD}`);
  });

  it('keeps the password out of the parsed configuration', () => {
    const config = loadIngestConfig(settings({ CLICKHOUSE_CA_FILE: caFile }));
    expect(JSON.stringify(config)).not.toContain(PASSWORD);
    expect(Object.keys(config)).not.toContain('CLICKHOUSE_PASSWORD_FILE');
  });

  it.each([
    ['a certificate from a CA it was not given', {}, /^the TLS certificate of ClickHouse at https:\/\/localhost:\d+ is not trusted/, /CLICKHOUSE_CA_FILE/],
    [
      'a certificate that does not name the host',
      { CLICKHOUSE_URL: 'https://127.0.0.1:PORT', CLICKHOUSE_CA_FILE: 'CA' },
      /^the TLS certificate of ClickHouse at https:\/\/127\.0\.0\.1:\d+ does not name its host/,
      /CLICKHOUSE_URL/,
    ],
  ])('refuses %s with one line saying what to fix', async (_why, overrides, message, hint) => {
    const env = Object.fromEntries(Object.entries(overrides).map(([name, value]) => [name, value.replace('PORT', String(port)).replace(/^CA$/, caFile)]));
    const error = await open(settings(env)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ClickHouseSetupError);
    const { message: text, hint: fix } = error as ClickHouseSetupError;
    expect(text).toMatch(message);
    expect(fix).toMatch(hint);
    expect(`${text} ${fix}`).not.toContain(PASSWORD);
  });

  it('tokenwatch migrate stops on an untrusted certificate with exit 1 and one line, without the password', { timeout: 60_000 }, async () => {
    const result = await runCli(['migrate'], { ...settings(), TOKENWATCH_HOME: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^tokenwatch: the TLS certificate of ClickHouse at https:\/\/localhost:\d+ is not trusted .*; set CLICKHOUSE_CA_FILE/),
    ]);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});
