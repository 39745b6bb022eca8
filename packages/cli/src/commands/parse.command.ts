import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError } from '@tokenwatch/config';
import type { AccessEvent } from '@tokenwatch/contracts';
import {
  FORMAT_NAMES,
  MAX_MESSAGE_CHARS,
  RouteCap,
  adapterFor,
  isFormatName,
  normalizeMessage,
  splitLines,
  type AdapterForOptions,
  type GatewayAdapter,
} from '@tokenwatch/formats';
import { createGeoLookup, enrichEvent, type GeoLookup } from '@tokenwatch/geo';
import { resolveFingerprintKey } from '@tokenwatch/config';
import { ExitCode, UsageError } from '../cli-error';
import { resolveHome } from '../runtime-paths';

export const PARSE_USAGE = `usage: tokenwatch parse --format <${FORMAT_NAMES.join('|')}> [options] [FILE|-]

AccessEvent v1 NDJSON on stdout; each rejected record as {"line":N,"reason":"…"} on stderr
(with "record":I when a line holds several). Exit 0 when the input was read to the end.

options:
  --format, -f F          input format (auto detects it per record; custom needs --mapping)
  --mapping FILE          JSON field mapping for --format custom
  --trusted-proxy CIDR    a proxy whose X-Forwarded-For is believed (repeatable; default: private ranges)
  --anonymous             count records without a credential as one anonymous token instead of rejecting them
  --route-cap N           at most N distinct routes per token; later new routes become {other}
  --no-geo                skip the GeoIP lookup (geo: null)
environment: TOKENWATCH_FINGERPRINT_KEY (else the development key in TOKENWATCH_HOME)`;

export interface ParseIo {
  stdin: AsyncIterable<Uint8Array>;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  now: () => number;
}

const FLUSH_CHARS = 64 * 1024;

/** `tokenwatch parse`: a log file (or stdin) through one adapter, streamed line by line. */
export async function parseCommand(args: string[], io: Partial<ParseIo> & Pick<ParseIo, 'env'>): Promise<number> {
  const { stdin = process.stdin, stdout = process.stdout, stderr = process.stderr, env, now = Date.now } = io;
  const values = parseOptions(args);
  if (values.help) {
    stdout.write(`${PARSE_USAGE}\n`);
    return ExitCode.ok;
  }
  const adapter = buildAdapter(values);
  const routeCap = values.routeCap === undefined ? undefined : new RouteCap({ maxRoutesPerToken: values.routeCap });
  const geo: GeoLookup | undefined = values.noGeo ? undefined : createGeoLookup();
  const fingerprintKey = fingerprintKeyFrom(env);
  const input = values.file === '-' ? { chunks: stdin, close: async () => {} } : await openFile(values.file);

  const out = new BufferedWriter(stdout);
  const err = new BufferedWriter(stderr);
  const options = { fingerprintKey, now: now() };
  try {
    for await (const line of splitLines(input.chunks, MAX_MESSAGE_CHARS)) {
      if (out.closed) return ExitCode.failure; // the reader went away (e.g. `| head`)
      if (line.kind === 'too-long') {
        await err.write(`${JSON.stringify({ line: line.number, reason: `record too large: ${line.length} bytes > ${MAX_MESSAGE_CHARS}` })}\n`);
        continue;
      }
      if (line.text.trim() === '') continue;
      for (const { index, recordText, result } of normalizeMessage(line.text, adapter, options)) {
        if (result.kind === 'ok') await out.write(`${JSON.stringify(finish(result.value, routeCap, geo))}\n`);
        else await err.write(`${JSON.stringify({ line: line.number, reason: result.reason, ...(recordText === undefined ? {} : { record: index }) })}\n`);
      }
    }
    await Promise.all([out.flush(), err.flush()]);
  } finally {
    out.dispose();
    err.dispose();
    await input.close();
  }
  return out.closed ? ExitCode.failure : ExitCode.ok;
}

interface ParseValues {
  help: boolean;
  format: string;
  mapping?: string;
  trustedProxies?: string[];
  anonymous: boolean;
  noGeo: boolean;
  routeCap?: number;
  file: string;
}

function parseOptions(args: string[]): ParseValues {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        mapping: { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        anonymous: { type: 'boolean' },
        'route-cap': { type: 'string' },
        'no-geo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true, format: '', anonymous: false, noGeo: false, file: '-' };
  if (positionals.length > 1) throw new UsageError('parse takes at most one FILE (or - for stdin)');
  if (values.format === undefined) throw new UsageError(`parse needs --format (${FORMAT_NAMES.join(', ')})`);
  const routeCapText = values['route-cap'];
  const routeCap = routeCapText === undefined ? undefined : Number(routeCapText);
  if (routeCap !== undefined && (!Number.isInteger(routeCap) || routeCap < 1)) throw new UsageError('--route-cap needs a positive integer');
  return {
    help: false,
    format: values.format,
    mapping: values.mapping,
    trustedProxies: values['trusted-proxy'],
    anonymous: values.anonymous ?? false,
    noGeo: values['no-geo'] ?? false,
    routeCap,
    file: positionals[0] ?? '-',
  };
}

function buildAdapter(values: ParseValues): GatewayAdapter {
  const { format } = values;
  if (!isFormatName(format)) throw new UsageError(`unknown format "${format}"; expected one of ${FORMAT_NAMES.join(', ')}`);
  if ((format === 'custom') !== (values.mapping !== undefined)) throw new UsageError('--mapping FILE goes with --format custom, and only with it');
  const options: AdapterForOptions = { anonymous: values.anonymous };
  if (values.trustedProxies)
    options.trustedProxies = values.trustedProxies
      .flatMap((list) => list.split(','))
      .map((c) => c.trim())
      .filter(Boolean);
  try {
    if (values.mapping !== undefined) options.mapping = JSON.parse(readFileSync(values.mapping, 'utf8')) as AdapterForOptions['mapping'];
    return adapterFor(format, options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function fingerprintKeyFrom(env: Record<string, string | undefined>): string {
  const configured = env['TOKENWATCH_FINGERPRINT_KEY'];
  if (configured !== undefined && configured.length < 32) throw new ConfigError('TOKENWATCH_FINGERPRINT_KEY must be at least 32 characters');
  return resolveFingerprintKey({ configured, home: resolveHome(env['TOKENWATCH_HOME'] ?? '.tokenwatch'), production: env['TOKENWATCH_ENV'] === 'production' });
}

async function openFile(file: string): Promise<{ chunks: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read ${file}: ${error.code ?? error.message}`);
  });
  return { chunks: handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false }), close: () => handle.close() };
}

function finish(event: AccessEvent, routeCap: RouteCap | undefined, geo: GeoLookup | undefined): AccessEvent {
  let out = event;
  if (routeCap && out.route !== null) out = { ...out, route: routeCap.apply(out.token.fp, out.route) };
  return geo ? enrichEvent(out, geo) : out;
}

/** Batches small writes, honours backpressure, and notices a closed pipe instead of crashing on EPIPE. */
class BufferedWriter {
  private buffer = '';
  closed = false;
  private readonly onError = () => {
    this.closed = true;
  };

  constructor(private readonly stream: Writable) {
    stream.on('error', this.onError);
  }

  dispose(): void {
    this.stream.off('error', this.onError);
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '' || this.closed) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (this.stream.write(chunk)) return;
    await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]).catch(this.onError);
  }
}
