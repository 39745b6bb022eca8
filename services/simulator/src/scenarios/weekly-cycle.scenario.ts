import { HOUR_MS, localWeekday } from '../world/local-time';
import { localSlots, type Scenario } from './scenario';

/** The Monday-morning return of a business-hours integration after a silent weekend. */
export const weeklyCycleScenario: Scenario = {
  name: 'weekly-cycle',
  label: 'benign',
  summary:
    'A partner integration that is silent on weekends resumes on Monday 08:00–12:00 local time (or, when the period has no Monday after the learning time, the first weekday morning).',
  expectedSignals: [],
  resembles: ['volume_spike', 'dormant_reactivation'],
  victims: ['partner-integration'],
  plan(victim, ctx) {
    const zone = victim.home.timeZone;
    const mornings = localSlots(ctx, zone, 8, 4 * HOUR_MS, true);
    const monday = mornings.find((t) => localWeekday(t, zone) === 1) ?? mornings[0];
    if (monday === undefined) return undefined;
    const isMonday = localWeekday(monday, zone) === 1;
    return {
      start: monday,
      end: monday + 4 * HOUR_MS,
      detail: `${isMonday ? 'Monday' : 'Weekday'} 08:00–12:00 in ${victim.home.city}${isMonday ? ' after a weekend without traffic' : ''}.`,
    };
  },
};
