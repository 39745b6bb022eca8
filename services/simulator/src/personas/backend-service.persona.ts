import { mix } from '../world/endpoints';
import { isWeekend } from '../world/local-time';
import { bump, exponentialFrom, poissonFrom, type Persona } from './persona';

/** A server-side integration: always on, following the daily cycle of its own users. */
export const backendServicePersona: Persona = {
  kind: 'backend-service',
  share: 0.15,
  network: 'servers',
  multiRegionShare: 0.35,
  client: {
    kind: 'backend',
    consumers: ['billing-service', 'crm-sync', 'checkout-api', 'search-indexer', 'support-portal', 'analytics-collector'],
    services: ['core-api', 'orders-api'],
    retry: { max: 3, baseMs: 100 },
  },
  sessions: { perDay: [100, 800], size: poissonFrom(1, 0.6), gapMs: exponentialFrom(20, 400) },
  intensity: (hour, weekday) => (0.3 + 0.7 * bump(hour, 14, 4)) * (isWeekend(weekday) ? 0.65 : 1),
  endpoints: mix({
    accountGet: 30,
    orderGet: 22,
    orderCreate: 8,
    accountPatch: 4,
    ordersList: 6,
    invoiceGet: 8,
    contactGet: 10,
    search: 5,
    eventsPost: 6,
    health: 1,
  }),
};
