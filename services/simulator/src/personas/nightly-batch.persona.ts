import { mix } from '../world/endpoints';
import { exponentialFrom, poissonFrom, type Persona } from './persona';

/** An ETL job: one run per night at its own hour, paging through changes and pulling an export. */
export const nightlyBatchPersona: Persona = {
  kind: 'nightly-batch',
  share: 0.13,
  network: 'servers',
  client: { kind: 'batch', consumers: ['etl-warehouse', 'etl-finance', 'etl-marketing'], services: ['core-api'], retry: { max: 5, baseMs: 30_000 } },
  sessions: { perDay: [1, 1], size: poissonFrom(40, 80), gapMs: exponentialFrom(300, 2_500) },
  intensity: () => 1,
  schedule: 'nightly',
  endpoints: mix({ ordersSync: 55, accountsList: 20, contactsList: 15, eventsBulk: 8, exportGet: 2 }),
};
