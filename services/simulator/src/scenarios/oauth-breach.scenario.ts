import { uuid } from '../model/request.factory';
import type { SimEvent } from '../model/sim-event';
import type { TokenSpec } from '../model/token-spec';
import { streamPrng, type Prng } from '../random/prng';
import { DATA_OBJECTS, ENDPOINTS, type Endpoint } from '../world/endpoints';
import { ABUSE_SITES } from '../world/countries';
import { hostsOn } from './pick-place';
import { pickStart, type Scenario } from './scenario';
import { victimRequest } from './victim-request';

const BREACH_AGENTS = ['python-requests/2.31.0', 'Go-http-client/1.1', 'python-requests/2.32.3'];

/**
 * The sequence reported in breaches through stolen OAuth tokens of connected apps: recon of the data
 * model, COUNT probes to size the prize, a look at the API limits, one bulk export job, the results
 * pulled, then the job deleted to cover tracks; from VPS and Tor exits with scripting clients.
 */
export const oauthBreachScenario: Scenario = {
  name: 'oauth-breach-sequence',
  label: 'attack',
  summary:
    'From VPS and Tor addresses with python-requests / Go-http-client: list objects, describe 8–15 of them, COUNT probes, an API-limits check, create a bulk query job, poll it, download the results (tens of MB), then delete the job; 15–40 minutes in all.',
  expectedSignals: ['sequence', 'new_user_agent', 'sensitive_endpoint', 'bytes_spike', 'new_country', 'new_network'],
  victims: ['partner-integration', 'backend-service'],
  plan(victim, ctx) {
    const steps = breachSteps(streamPrng(ctx.seed, `${ctx.key}:steps`));
    const total = steps.reduce((sum, s) => sum + s.afterMs, 0);
    const start = pickStart(ctx, total);
    if (start === undefined) return undefined;
    const origins = ctx.rng.shuffled(ABUSE_SITES.filter((s) => s.role !== 'hosting' || s.country !== victim.country.code)).slice(0, 2 + ctx.rng.int(2));
    const addresses = origins.flatMap((p) => hostsOn(ctx.rng, p, 1));
    return {
      start,
      end: start + total,
      detail: `${steps.length} requests over ${Math.round(total / 60_000)} min from ${addresses.join(', ')} (${origins.map((o) => o.country).join(', ')}): list → describe → COUNT → limits → bulk job → results → delete.`,
      events: () => breachEvents(streamPrng(ctx.seed, ctx.key), victim, start, steps, addresses),
    };
  },
};

interface Step {
  endpoint: Endpoint;
  object?: string;
  job?: boolean;
  /** Pause before this step; the first step's is 0 so that the episode starts with it. */
  afterMs: number;
}

function breachSteps(rng: Prng): Step[] {
  const objects = rng.shuffled(DATA_OBJECTS);
  const described = objects.slice(0, 8 + rng.int(8));
  const counted = described.slice(0, 6 + rng.int(Math.max(1, described.length - 6)));
  const quick = () => 1_500 + rng.exponential(4_000);
  const steps: Step[] = [{ endpoint: ENDPOINTS.objectsList, afterMs: 0 }];
  if (rng.chance(0.5)) steps.push({ endpoint: ENDPOINTS.objectsList, afterMs: quick() });
  for (const object of described) steps.push({ endpoint: ENDPOINTS.objectDescribe, object, afterMs: quick() });
  for (const object of counted) steps.push({ endpoint: ENDPOINTS.countQuery, object, afterMs: 3_000 + rng.exponential(10_000) });
  steps.push({ endpoint: ENDPOINTS.limits, afterMs: 60_000 + rng.exponential(120_000) });
  steps.push({ endpoint: ENDPOINTS.bulkJobCreate, object: counted[0], afterMs: 30_000 + rng.exponential(60_000), job: true });
  const polls = 3 + rng.int(6);
  for (let i = 0; i < polls; i++) steps.push({ endpoint: ENDPOINTS.bulkJobStatus, job: true, afterMs: 20_000 + rng.exponential(40_000) });
  const chunks = 2 + rng.int(5);
  for (let i = 0; i < chunks; i++) steps.push({ endpoint: ENDPOINTS.bulkJobResults, job: true, afterMs: 5_000 + rng.exponential(20_000) });
  steps.push({ endpoint: ENDPOINTS.bulkJobDelete, job: true, afterMs: 60_000 + rng.exponential(300_000) });
  return steps.map((s) => ({ ...s, afterMs: Math.round(s.afterMs) }));
}

function* breachEvents(rng: Prng, victim: TokenSpec, start: number, steps: Step[], addresses: string[]): Generator<SimEvent> {
  const jobId = uuid(rng);
  const userAgent = rng.pick(BREACH_AGENTS);
  let t = start;
  let ip = addresses[0]!;
  for (const step of steps) {
    t += step.afterMs;
    if (rng.chance(0.15)) ip = rng.pick(addresses); // the operator hops between exits
    yield victimRequest(rng, victim, {
      ts: t,
      ip,
      userAgent,
      endpoint: step.endpoint,
      object: step.object,
      id: step.job ? jobId : undefined,
      status: step.endpoint.okStatus,
    });
  }
}
