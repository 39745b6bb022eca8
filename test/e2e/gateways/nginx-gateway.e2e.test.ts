import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
 * Debian's nginx (1.22) with infra/gateways/nginx/tokenwatch.conf included at http level, in front
 * of a real API upstream; the test's HTTP client is the trusted proxy on 127.0.0.1.
 */
const NGINX = '/usr/sbin/nginx';
const SNIPPET = fileURLToPath(new URL('../../../infra/gateways/nginx/tokenwatch.conf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-nginx-'));
const accessLog = join(dir, 'tokenwatch.log');
let upstream: Upstream;
let server: GatewayProcess | undefined;
let run: GatewayRun;

beforeAll(async () => {
  upstream = await startApiUpstream();
  const port = await freePort();
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 64; }
http {
    include ${SNIPPET};
    client_body_temp_path ${join(dir, 'client_body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
    server {
        listen 127.0.0.1:${port};
        server_name api.example.test;
        access_log ${accessLog} tokenwatch;
        location / { proxy_pass http://127.0.0.1:${upstream.port}; }
    }
}
`,
  );
  server = await startGateway({ binary: NGINX, args: ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf')], cwd: dir, port });
  run = await runPlan('nginx', port, accessLog);
});

afterAll(() => tearDown(server, upstream, dir));

describe('nginx 1.22 with the tokenwatch log_format', () => {
  gatewayLogTests(() => run);
  gatewayPipelineTest(() => run, accessLog);
});
