import { rmSync } from 'node:fs';
import { readAccessLog } from './access-log';
import type { Upstream } from './api-upstream';
import type { GatewayProcess } from './gateway-process';
import type { GatewayFormat, GatewayRun } from './gateway-log.checks';
import { requestPlan, sendPlan } from './request-plan';

/** Sends a fresh request plan through the gateway on `port` and reads the access log it wrote. */
export async function runPlan(format: GatewayFormat, port: number, logFile: string, authorizationRedacted = false): Promise<GatewayRun> {
  const plan = requestPlan(format);
  const from = Date.now();
  await sendPlan(`http://127.0.0.1:${port}`, plan);
  const to = Date.now();
  return { format, plan, lines: await readAccessLog(logFile, plan.requests.length), from, to, authorizationRedacted };
}

/** Stops the gateway and the upstream (each may not have started) and removes the temp folder. */
export async function tearDown(server: GatewayProcess | undefined, upstream: Upstream | undefined, dir: string): Promise<void> {
  await server?.stop();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
}
