import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AccessEvent } from '@tokenwatch/contracts';
import { UsageError } from '../cli-error';
import { parseCommand, type ParseIo } from './parse.command';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tokenwatch-parse-'));
const env = { TOKENWATCH_FINGERPRINT_KEY: 'parse-test-key-0123456789abcdef0123', TOKENWATCH_HOME: join(work, 'home') };
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(args: string[], input = '', extra: Partial<ParseIo> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await parseCommand(args, { stdin: Readable.from([Buffer.from(input)]), stdout, stderr, env, now: () => Date.UTC(2026, 0, 1), ...extra });
  const lines = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
  return { code, stdout: lines(out), stderr: lines(err) };
}

describe('tokenwatch parse', () => {
  it('writes AccessEvent v1 NDJSON to stdout and {"line","reason"} per rejection to stderr', async () => {
    const result = await run(['--format', 'kong', '--no-geo', `${FIXTURES}gateway-samples/kong.jsonl`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toHaveLength(2);
    for (const line of result.stdout) AccessEvent.parse(JSON.parse(line));
    expect(result.stderr.map((l) => JSON.parse(l) as unknown)).toEqual([{ line: 1, reason: 'no credential' }]);
  });

  it('reads stdin, arrays per line, text formats and enriches geo', async () => {
    const records = readFileSync(`${FIXTURES}crafted/nginx-json.jsonl`, 'utf8');
    const result = await run(
      ['-f', 'auto', '-'],
      `${records}\n\n81.2.69.142 - bob [20/Oct/2025:22:40:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "curl/8"\n[1, {"a":1}]\n`,
    );
    expect(result.code).toBe(0);
    const events = result.stdout.map((l) => AccessEvent.parse(JSON.parse(l)));
    expect(events).toHaveLength(5);
    expect(events[0]!.geo?.country).toBe('GB');
    expect(result.stderr.map((l) => JSON.parse(l) as unknown)).toEqual([
      { line: 8, reason: 'not an object', record: 0 },
      { line: 8, reason: 'unknown format', record: 1 },
    ]);
  });

  it('never prints a planted secret, on stdout or stderr', async () => {
    const planted = readFileSync(`${FIXTURES}crafted/planted-secrets.txt`, 'utf8').split('\n').filter(Boolean);
    const outputs: string[] = [];
    for (const [file, args] of [
      ['cloudwatch-envelope.json', ['-f', 'aws-apigw']],
      ['nginx-json.jsonl', ['-f', 'nginx']],
      ['envoy-json-format.jsonl', ['-f', 'auto']],
      ['custom.jsonl', ['-f', 'custom', '--mapping', `${FIXTURES}crafted/custom-mapping.json`]],
    ] as const) {
      const result = await run([...args, '--no-geo', `${FIXTURES}crafted/${file}`]);
      expect(result.code).toBe(0);
      outputs.push(...result.stdout, ...result.stderr);
    }
    expect(outputs.length).toBeGreaterThan(10);
    for (const secret of planted) expect(outputs.join('\n')).not.toContain(secret);
  });

  it('rejects a 2 MB line with a reason and goes on', async () => {
    const big = JSON.stringify({ started_at: Date.UTC(2025, 0, 1), pad: 'x'.repeat(2 * 1024 * 1024) });
    const file = join(work, 'big.jsonl');
    writeFileSync(file, `${big}\n${readFileSync(`${FIXTURES}gateway-samples/kong.jsonl`, 'utf8')}`);
    const result = await run(['--format', 'kong', '--no-geo', file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stderr[0]!)).toEqual({ line: 1, reason: expect.stringMatching(/^record too large/) });
    expect(result.stdout).toHaveLength(2);
  });

  it('applies --anonymous, --trusted-proxy and --route-cap', async () => {
    const line = (uri: string) =>
      JSON.stringify({
        started_at: Date.UTC(2025, 0, 1),
        client_ip: '198.51.100.1',
        request: { method: 'GET', uri, headers: { 'x-forwarded-for': '81.2.69.142' } },
      });
    const result = await run(
      ['-f', 'kong', '--no-geo', '--anonymous', '--trusted-proxy', '198.51.100.0/24', '--route-cap', '1'],
      `${line('/a')}\n${line('/b')}\n`,
    );
    const events = result.stdout.map((l) => AccessEvent.parse(JSON.parse(l)));
    expect(events.map((e) => [e.token.hint, e.ip, e.route])).toEqual([
      ['anonymous', '81.2.69.142', '/a'],
      ['anonymous', '81.2.69.142', '{other}'],
    ]);
  });

  it('usage errors are UsageError (exit 2); an unreadable file is a failure (exit 1)', async () => {
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run(['--format', 'tyk'])).rejects.toThrow(/unknown format "tyk"/);
    await expect(run(['--format', 'kong', 'a', 'b'])).rejects.toThrow(UsageError);
    await expect(run(['--format', 'kong', '--bogus'])).rejects.toThrow(UsageError);
    await expect(run(['--format', 'custom'])).rejects.toThrow(/--mapping/);
    await expect(run(['--format', 'kong', '--trusted-proxy', '10.0.0.0/99'])).rejects.toThrow(UsageError);
    await expect(run(['--format', 'kong', join(work, 'missing.jsonl')])).rejects.toThrow(/cannot read .*ENOENT/);
    await expect(run(['--format', 'kong'], '', { env: { TOKENWATCH_FINGERPRINT_KEY: 'short' } })).rejects.toThrow(/at least 32/);
    expect((await run(['--help'])).code).toBe(0);
  });
});
