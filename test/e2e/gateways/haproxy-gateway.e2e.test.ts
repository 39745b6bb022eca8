import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccessLog } from './support/access-log';
import { startApiUpstream, type Upstream } from './support/api-upstream';
import { freePort, startGateway, type GatewayProcess } from './support/gateway-process';
import { gatewayLogTests, normalizeLines, type GatewayRun } from './support/gateway-log.checks';
import { gatewayPipelineTest } from './support/gateway-pipeline.checks';
import { runPlan, tearDown } from './support/gateway-run';

/**
 * Debian's HAProxy (2.6) with infra/gateways/haproxy/frontend.cfg pasted into an HTTP frontend of a
 * configuration shaped like Debian's default one (`option httplog` in defaults), in front of a real
 * API upstream. HAProxy logs each request three times, to descriptors the test opened on files:
 * raw (`log stdout format raw`), and syslog-framed as RFC 3164 and RFC 5424 (`log fd@N format …`),
 * the framings a syslog daemon such as Debian's rsyslog receives.
 */
const HAPROXY = '/usr/sbin/haproxy';
const FRONTEND_LINES = readFileSync(fileURLToPath(new URL('../../../infra/gateways/haproxy/frontend.cfg', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-haproxy-'));
const accessLog = join(dir, 'tokenwatch.log');
const framed = { rfc3164: join(dir, 'rfc3164.log'), rfc5424: join(dir, 'rfc5424.log') };
let upstream: Upstream;
let server: GatewayProcess | undefined;
let run: GatewayRun;
let framedRuns: Record<keyof typeof framed, GatewayRun>;

beforeAll(async () => {
  upstream = await startApiUpstream();
  const port = await freePort();
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global
    log stdout format raw local0
    log fd@3 format rfc3164 local0
    log fd@4 format rfc5424 local0

defaults
    log global
    mode http
    option httplog
    option dontlognull
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend api
    bind 127.0.0.1:${port}
${FRONTEND_LINES}
    default_backend api

backend api
    server app 127.0.0.1:${upstream.port}
`,
  );
  server = await startGateway({
    binary: HAPROXY,
    args: ['-db', '-f', join(dir, 'haproxy.cfg')],
    cwd: dir,
    port,
    fdFiles: { 1: accessLog, 3: framed.rfc3164, 4: framed.rfc5424 },
  });
  run = await runPlan('haproxy', port, accessLog);
  const framedLines = async (file: string) => ({ ...run, lines: await readAccessLog(file, run.plan.requests.length) });
  framedRuns = { rfc3164: await framedLines(framed.rfc3164), rfc5424: await framedLines(framed.rfc5424) };
});

afterAll(() => tearDown(server, upstream, dir));

describe('haproxy 2.6 with the tokenwatch frontend lines', () => {
  gatewayLogTests(() => run);
  gatewayPipelineTest(() => run, accessLog);
});

for (const framing of ['rfc3164', 'rfc5424'] as const) {
  describe(`haproxy 2.6 logging through syslog (${framing} framing)`, () => {
    gatewayLogTests(() => framedRuns[framing]);

    it('gives the same events as the raw lines (the same ids: a request logged both ways is stored once)', () => {
      const fromFramed = normalizeLines(framedRuns[framing], { anonymous: true });
      expect(framedRuns[framing].lines[0]).toMatch(/^<134>1? ?\S/);
      expect(fromFramed).toEqual(normalizeLines(run, { anonymous: true }));
    });
  });
}
