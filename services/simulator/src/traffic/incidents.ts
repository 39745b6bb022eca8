import { streamPrng } from '../random/prng';
import type { TimeWindow } from '../model/token-spec';
import { DAY_MS, MINUTE_MS } from '../world/local-time';

/** An upstream outage: for a while a share of the service's requests fail with a 5xx. */
export interface Incident extends TimeWindow {
  service: string;
  errorRate: number;
  status: number;
}

export const UPSTREAM_SERVICES = ['core-api', 'orders-api', 'mobile-bff', 'partner-api', 'deploy-api'] as const;

/**
 * About one incident per service every four days, lasting minutes to an hour (log-normal, median 12
 * min), with 30–90% of requests failing as 502, 503 or 504: the shape public post-mortems describe.
 */
export function planIncidents(seed: string, period: TimeWindow): Incident[] {
  const rng = streamPrng(seed, 'incidents');
  const days = (period.end - period.start) / DAY_MS;
  const out: Incident[] = [];
  for (const service of UPSTREAM_SERVICES) {
    const count = rng.poisson(days / 4);
    for (let i = 0; i < count; i++) {
      const start = Math.round(rng.between(period.start, period.end));
      const duration = Math.min(90 * MINUTE_MS, Math.max(3 * MINUTE_MS, rng.logNormal(12 * MINUTE_MS, 0.7)));
      out.push({ service, start, end: Math.round(start + duration), errorRate: rng.between(0.3, 0.9), status: rng.pick([502, 503, 504]) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The incident hitting `service` at `t`, if any (incidents are few: a linear scan). */
export function incidentAt(incidents: readonly Incident[], service: string, t: number): Incident | undefined {
  for (const incident of incidents) {
    if (incident.start > t) return undefined;
    if (t < incident.end && incident.service === service) return incident;
  }
  return undefined;
}
