import { mix } from '../world/endpoints';
import { isWeekend } from '../world/local-time';
import { exponentialFrom, plateau, poissonFrom, type Persona } from './persona';

/** A partner's integration (CRM connector, sync bot): business hours in the partner's own time zone. */
export const partnerIntegrationPersona: Persona = {
  kind: 'partner-integration',
  share: 0.14,
  network: 'office-or-cloud',
  client: {
    kind: 'partner',
    consumers: ['partner-northwind', 'partner-globex', 'partner-initech', 'partner-umbrella', 'partner-hooli', 'partner-vandelay'],
    services: ['partner-api'],
    retry: { max: 5, baseMs: 2_000 },
  },
  sessions: { perDay: [8, 30], size: poissonFrom(4, 8), gapMs: exponentialFrom(150, 1_500) },
  intensity: (hour, weekday) => (isWeekend(weekday) ? 0 : plateau(hour, 9, 18)),
  endpoints: mix({
    contactsList: 14,
    contactGet: 20,
    contactCreate: 8,
    accountsList: 8,
    accountGet: 18,
    accountPatch: 6,
    objectsList: 1,
    objectDescribe: 2,
    webhooksPost: 5,
    search: 4,
  }),
};
