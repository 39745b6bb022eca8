import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiUpstream, type Upstream } from './support/api-upstream';
import { freePort, startGateway, type GatewayProcess } from './support/gateway-process';
import { gatewayLogTests, normalizeLines, type GatewayRun } from './support/gateway-log.checks';
import { gatewayPipelineTest } from './support/gateway-pipeline.checks';
import { runPlan, tearDown } from './support/gateway-run';

/**
 * Debian's Caddy (2.6) with infra/gateways/caddy/tokenwatch.caddy imported, one process with two
 * sites in front of a real API upstream: one server with `log_credentials` (Authorization logged in
 * clear) and one with the default settings (Authorization logged as `[]`).
 */
const CADDY = '/usr/bin/caddy';
const SNIPPET = fileURLToPath(new URL('../../../infra/gateways/caddy/tokenwatch.caddy', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tokenwatch-caddy-'));
const logs = { credentials: join(dir, 'credentials.log'), redacted: join(dir, 'redacted.log') };
let upstream: Upstream;
let server: GatewayProcess | undefined;
let withCredentials: GatewayRun;
let redacted: GatewayRun;

beforeAll(async () => {
  upstream = await startApiUpstream();
  const [credentialsPort, defaultPort] = [await freePort(), await freePort()];
  const site = (port: number, log: string) => `http://127.0.0.1:${port} {
	bind 127.0.0.1
	import tokenwatch_log ${log}
	reverse_proxy 127.0.0.1:${upstream.port}
}
`;
  writeFileSync(
    join(dir, 'Caddyfile'),
    `{
	admin off
	auto_https off
	servers 127.0.0.1:${credentialsPort} {
		log_credentials
	}
}
import ${SNIPPET}
${site(credentialsPort, logs.credentials)}${site(defaultPort, logs.redacted)}`,
  );
  const env = { XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
  server = await startGateway({ binary: CADDY, args: ['run', '--adapter', 'caddyfile', '--config', join(dir, 'Caddyfile')], cwd: dir, env, port: defaultPort });
  withCredentials = await runPlan('caddy', credentialsPort, logs.credentials);
  redacted = await runPlan('caddy', defaultPort, logs.redacted, true);
});

afterAll(() => tearDown(server, upstream, dir));

describe('caddy 2.6 with servers { log_credentials }', () => {
  gatewayLogTests(() => withCredentials);
  gatewayPipelineTest(() => withCredentials, logs.credentials);
});

describe('caddy 2.6 with default settings (Authorization redacted)', () => {
  gatewayLogTests(() => redacted);

  it('logs Authorization as [] and no bearer token; those requests get no identity, never a shared one', () => {
    const log = redacted.lines.join('\n');
    expect(log).toContain('"Authorization":[]');
    const sentInAuthorization = redacted.plan.requests.filter((r) => r.credential?.carriedIn === 'authorization');
    expect(sentInAuthorization.length).toBeGreaterThanOrEqual(3);
    for (const r of sentInAuthorization) expect(log).not.toContain(r.credential!.material);
    const results = normalizeLines(redacted);
    const noCredential = results.filter((r) => r.kind === 'reject' && r.reason === 'no credential');
    expect(noCredential).toHaveLength(sentInAuthorization.length + redacted.plan.requests.filter((r) => !r.credential).length);
  });
});
