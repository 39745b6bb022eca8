import { mix } from '../world/endpoints';
import { isWeekend } from '../world/local-time';
import { bump, exponentialFrom, poissonFrom, type Persona } from './persona';

/** A person's app token: a few sessions a day in their waking hours, from a carrier or home network. */
export const mobileUserPersona: Persona = {
  kind: 'mobile-user',
  share: 0.38,
  network: 'phone',
  client: { kind: 'mobile', consumers: ['acme-mobile-ios', 'acme-mobile-android'], services: ['mobile-bff'], retry: { max: 2, baseMs: 1_000 } },
  sessions: { perDay: [3, 10], size: poissonFrom(3, 8), gapMs: exponentialFrom(400, 6_000) },
  intensity: (hour, weekday) => {
    if (hour >= 1 && hour < 6.5) return 0.01;
    const morning = bump(hour, isWeekend(weekday) ? 10 : 8, 1.2);
    const lunch = 0.7 * bump(hour, 12.5, 1);
    const evening = bump(hour, 20.5, 1.8);
    return Math.min(1, 0.15 + morning + lunch + evening);
  },
  endpoints: mix({
    me: 12,
    feed: 20,
    notifications: 15,
    orderGet: 10,
    ordersList: 6,
    productsList: 12,
    search: 8,
    eventsPost: 12,
    authRefresh: 3,
    orderCreate: 2,
  }),
};
