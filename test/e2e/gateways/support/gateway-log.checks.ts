import { expect, it } from 'vitest';
import { AccessEvent, type StepResult } from '@tokenwatch/contracts';
import { adapterFor, anonymousToken, fingerprintCredential, normalizeMessage, type AdapterForOptions } from '@tokenwatch/formats';
import type { PlannedRequest, RequestPlan } from './request-plan';

export const FINGERPRINT_KEY = 'gateway-e2e-fingerprint-key-0123456789';

export type GatewayFormat = 'nginx' | 'caddy' | 'haproxy';

/** One run of a real gateway: what was sent, when, and the access log it wrote. */
export interface GatewayRun {
  format: GatewayFormat;
  plan: RequestPlan;
  /** The access log's lines, in the order written. */
  lines: string[];
  /** Wall-clock bounds of the sending (the gateway's clock is the same machine's). */
  from: number;
  to: number;
  /** Caddy without `log_credentials`: Authorization is logged redacted, so it identifies nothing. */
  authorizationRedacted?: boolean;
}

/** The identity a request must get from this run's log; undefined: none (keyless, or redacted). */
export function expectedCredential(run: GatewayRun, request: PlannedRequest): PlannedRequest['credential'] {
  if (run.authorizationRedacted && request.credential?.carriedIn === 'authorization') return undefined;
  return request.credential;
}

export function normalizeLines(run: GatewayRun, options: AdapterForOptions = {}, format: GatewayFormat | 'auto' = run.format): Array<StepResult<AccessEvent>> {
  const adapter = adapterFor(format, options);
  return run.lines.map((line) => {
    const outcomes = normalizeMessage(line, adapter, { fingerprintKey: FINGERPRINT_KEY, now: run.to });
    expect(outcomes).toHaveLength(1);
    return outcomes[0]!.result;
  });
}

/** Events by the request they came from (its unique User-Agent); every line must be an event. */
export function eventsByAgent(results: Array<StepResult<AccessEvent>>): Map<string, AccessEvent> {
  const byAgent = new Map<string, AccessEvent>();
  for (const result of results) {
    expect(result.kind === 'reject' ? result.reason : result.kind).toBe('ok');
    if (result.kind !== 'ok') continue;
    expect(AccessEvent.parse(result.value)).toEqual(result.value);
    expect(byAgent.has(result.value.userAgent!), `two events for ${result.value.userAgent}`).toBe(false);
    byAgent.set(result.value.userAgent!, result.value);
  }
  return byAgent;
}

/** What one event must say about its request (token, client, route, method, status, time). */
export function expectEventOf(run: GatewayRun, request: PlannedRequest, event: AccessEvent | undefined, anonymous: boolean): void {
  const credential = expectedCredential(run, request);
  const what = `${run.format} ${request.agent} ${request.method} ${request.target.split('?')[0]}`;
  expect(event, what).toBeDefined();
  const token = credential
    ? { fp: fingerprintCredential(FINGERPRINT_KEY, credential.kind, credential.material), kind: credential.kind }
    : anonymous
      ? anonymousToken(FINGERPRINT_KEY)
      : undefined;
  expect(event!.token, what).toMatchObject(token ?? {});
  expect(event, what).toMatchObject({
    gateway: run.format,
    ip: request.clientIp,
    method: request.method,
    route: request.route,
    path: request.target.split('?')[0],
    status: request.status,
  });
  expect(event!.ts, what).toBeGreaterThanOrEqual(run.from - 1000);
  expect(event!.ts, what).toBeLessThanOrEqual(run.to + 1000);
  expect(event!.latencyMs, what).toBeGreaterThanOrEqual(0);
  expect(event!.bytes, what).toBeGreaterThan(0);
}

/**
 * The checks every gateway's log must pass. `current` gives the run once the file's beforeAll has
 * started the server, sent the plan and read the log.
 */
export function gatewayLogTests(current: () => GatewayRun): void {
  it('wrote one access-log line per request, raw keys included (what tokenwatch must keep out of everything it emits), session cookies not', () => {
    const run = current();
    expect(run.lines).toHaveLength(run.plan.requests.length);
    const log = run.lines.join('\n');
    const logged = run.plan.requests.flatMap((r) => (expectedCredential(run, r) && r.credential?.kind === 'api_key' ? [r.credential.material] : []));
    expect(logged.length).toBeGreaterThan(0);
    for (const key of logged) expect(log).toContain(key);
    for (const value of run.plan.notLogged) expect(log).not.toContain(value);
  });

  it('each request is one AccessEvent: fingerprint of the right source, client from X-Forwarded-For behind the trusted proxy, route, status', () => {
    const run = current();
    const events = eventsByAgent(normalizeLines(run, { anonymous: true }));
    expect([...events.keys()].sort()).toEqual(run.plan.requests.map((r) => r.agent).sort());
    for (const request of run.plan.requests) expectEventOf(run, request, events.get(request.agent), true);
    const bearerFps = run.plan.requests.filter((r) => r.credential?.kind === 'bearer').map((r) => events.get(r.agent)!.token.fp);
    // Two bearer tokens are two identities; redacted ones are none, never one shared identity.
    if (run.authorizationRedacted) expect(bearerFps.every((fp) => fp === anonymousToken(FINGERPRINT_KEY).fp)).toBe(true);
    else expect(new Set(bearerFps).size).toBe(bearerFps.length);
  });

  it('without a credential: rejected "no credential" by default; the anonymous token with anonymous: true', () => {
    const run = current();
    const strict = normalizeLines(run);
    const anonymous = normalizeLines(run, { anonymous: true });
    const keyless = run.plan.requests.filter((r) => !expectedCredential(run, r)).length;
    expect(keyless).toBeGreaterThan(0);
    expect(strict.filter((r) => r.kind === 'reject' && r.reason === 'no credential')).toHaveLength(keyless);
    strict.forEach((result, i) => {
      const other = anonymous[i]!;
      if (result.kind === 'ok') expect(result).toEqual(other);
      else expect(other).toMatchObject({ kind: 'ok', value: { token: anonymousToken(FINGERPRINT_KEY) } });
    });
  });

  it("an untrusted proxy's X-Forwarded-For is not believed: the client is the peer", () => {
    const run = current();
    const events = eventsByAgent(normalizeLines(run, { anonymous: true, trustedProxies: ['192.0.2.0/24'] }));
    expect(events.size).toBe(run.plan.requests.length);
    for (const event of events.values()) expect(event.ip).toBe('127.0.0.1');
  });

  it('auto detects the format: the same events', () => {
    const run = current();
    expect(normalizeLines(run, { anonymous: true }, 'auto')).toEqual(normalizeLines(run, { anonymous: true }));
  });

  it('no raw key, token, password or JWT signature in any event or rejection', () => {
    const run = current();
    const text = JSON.stringify([normalizeLines(run), normalizeLines(run, { anonymous: true }), normalizeLines(run, {}, 'auto')]);
    for (const secret of run.plan.secrets) expect(text.includes(secret), `an output holds ${secret}`).toBe(false);
  });
}
