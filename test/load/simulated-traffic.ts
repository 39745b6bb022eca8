import { createSimulation, writerFor, type SimEvent, type Simulation } from '@tokenwatch/simulator';

const DAY_MS = 86_400_000;

export interface SimulatedKongTraffic {
  simulation: Simulation;
  /** Kong records of the simulation, rendered lazily in event-time order. */
  records(): Generator<string>;
  /** `n` 401 responses at `ts` of the `rank`th busiest token of the records read so far (a learned token's auth-failure burst). */
  authFailureBurst(rank: number, ts: number, n: number, tag: string): string[];
}

/**
 * Simulator traffic of `tokens` tokens over `days` days ending at `end` (recent event times: rows
 * older than the retention TTL would be dropped on insert), as the Kong writer renders it.
 */
export function simulatedKongTraffic(options: { tokens: number; days: number; seed: string; end: number }): SimulatedKongTraffic {
  const simulation = createSimulation({
    tokens: options.tokens,
    days: options.days,
    seed: options.seed,
    start: options.end - Math.round(options.days * DAY_MS),
  });
  const writer = writerFor('kong');
  if (!writer) throw new Error('the simulator has no kong writer');
  const seen = new Map<string, { last: SimEvent; count: number }>();
  let busiest: SimEvent[] | undefined;
  return {
    simulation,
    *records() {
      for (const event of simulation.events()) {
        const token = seen.get(event.token.credentialId);
        if (token) {
          token.last = event;
          token.count++;
        } else seen.set(event.token.credentialId, { last: event, count: 1 });
        yield writer.write(event);
      }
      busiest = [...seen.values()].sort((a, b) => b.count - a.count).map((t) => t.last);
    },
    authFailureBurst(rank, ts, n, tag) {
      const last = busiest?.[rank % busiest.length];
      if (!last) throw new Error('authFailureBurst: read records() first');
      return Array.from({ length: n }, (_, i) =>
        writer.write({ ...last, ts: ts + i, status: 401, requestId: `${tag}${i.toString(16).padStart(4, '0')}`.slice(-32) }),
      );
    },
  };
}
