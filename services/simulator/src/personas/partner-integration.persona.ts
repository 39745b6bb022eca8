import { mix } from '../world/endpoints';
import { plateau, type Persona } from './persona';

/** A partner's integration (CRM connector, sync bot): business hours in the partner's own time zone. */
export const partnerIntegrationPersona: Persona = {
  kind: 'partner-integration',
  share: 0.14,
  network: 'office-or-cloud',
  retry: { max: 5, baseMs: 2_000 },
  clientKind: 'partner',
  consumers: ['partner-northwind', 'partner-globex', 'partner-initech', 'partner-umbrella', 'partner-hooli', 'partner-vandelay'],
  services: ['partner-api'],
  sessionsPerDay: [8, 30],
  intensity: (hour, weekday) => (weekday === 0 || weekday === 6 ? 0 : plateau(hour, 9, 18)),
  sessionSize: (rng) => 4 + rng.poisson(8),
  requestGapMs: (rng) => 150 + rng.exponential(1_500),
  endpoints: mix([
    ['contactsList', 14],
    ['contactGet', 20],
    ['contactCreate', 8],
    ['accountsList', 8],
    ['accountGet', 18],
    ['accountPatch', 6],
    ['objectsList', 1],
    ['objectDescribe', 2],
    ['webhooksPost', 5],
    ['search', 4],
  ]),
};
