import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { startApiUpstream, type Upstream } from './support/api-upstream';
import { freePort, startGateway, type GatewayProcess } from './support/gateway-process';
import { gatewayLogTests, type GatewayRun } from './support/gateway-log.checks';
import { gatewayPipelineTest } from './support/gateway-pipeline.checks';
import { runPlan, tearDown } from './support/gateway-run';

/**
 * Debian's HAProxy (2.6) with infra/gateways/haproxy/frontend.cfg pasted into an HTTP frontend of a
 * configuration shaped like Debian's default one (`option httplog` in defaults), in front of a real
 * API upstream; HAProxy logs to its stdout (`log stdout format raw`), which goes to the log file.
 */
const HAPROXY = '/usr/sbin/haproxy';
const FRONTEND_LINES = readFileSync(fileURLToPath(new URL('../../../infra/gateways/haproxy/frontend.cfg', import.meta.url)), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-haproxy-'));
const accessLog = join(dir, 'tokenwatch.log');
let upstream: Upstream;
let server: GatewayProcess | undefined;
let run: GatewayRun;

beforeAll(async () => {
  upstream = await startApiUpstream();
  const port = await freePort();
  writeFileSync(
    join(dir, 'haproxy.cfg'),
    `global
    log stdout format raw local0

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
  server = await startGateway({ binary: HAPROXY, args: ['-db', '-f', join(dir, 'haproxy.cfg')], cwd: dir, port, stdoutFile: accessLog });
  run = await runPlan('haproxy', port, accessLog);
});

afterAll(() => tearDown(server, upstream, dir));

describe('haproxy 2.6 with the tokenwatch frontend lines', () => {
  gatewayLogTests(() => run);
  gatewayPipelineTest(() => run, accessLog);
});
