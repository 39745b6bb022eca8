import { mix } from '../world/endpoints';
import { isWeekend } from '../world/local-time';
import { bump, exponentialFrom, plateau, poissonFrom, type Persona } from './persona';

/** A staff member's desktop app or CLI: working hours, from the office, home or the corporate gateway. */
export const employeePersona: Persona = {
  kind: 'employee',
  share: 0.1,
  network: 'laptop',
  client: {
    kind: 'employee',
    consumers: ['acme-staff-sales', 'acme-staff-support', 'acme-staff-finance', 'acme-staff-ops'],
    services: ['core-api'],
    retry: { max: 1, baseMs: 1_500 },
  },
  sessions: { perDay: [6, 30], size: poissonFrom(2, 5), gapMs: exponentialFrom(800, 9_000) },
  intensity: (hour, weekday) =>
    isWeekend(weekday) ? 0.03 : 0.03 + plateau(hour, 8.5, 18) * (0.6 + 0.4 * Math.max(bump(hour, 10.5, 1.5), bump(hour, 15, 1.5))),
  endpoints: mix({
    me: 6,
    accountsList: 12,
    accountGet: 20,
    contactsList: 10,
    contactGet: 16,
    search: 12,
    ordersList: 6,
    orderGet: 8,
    invoiceGet: 6,
    accountPatch: 4,
  }),
};
