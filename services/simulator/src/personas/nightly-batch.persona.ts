import { mix } from '../world/endpoints';
import type { Persona } from './persona';

/** An ETL job: one run per night at its own hour, paging through changes and pulling an export. */
export const nightlyBatchPersona: Persona = {
  kind: 'nightly-batch',
  share: 0.13,
  network: 'servers',
  retry: { max: 5, baseMs: 30_000 },
  clientKind: 'batch',
  consumers: ['etl-warehouse', 'etl-finance', 'etl-marketing'],
  services: ['core-api'],
  sessionsPerDay: [1, 1],
  intensity: () => 1,
  schedule: 'nightly',
  sessionSize: (rng) => 40 + rng.poisson(80),
  requestGapMs: (rng) => 300 + rng.exponential(2_500),
  endpoints: mix([
    ['ordersSync', 55],
    ['accountsList', 20],
    ['contactsList', 15],
    ['eventsBulk', 8],
    ['exportGet', 2],
  ]),
};
