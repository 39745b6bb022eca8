import { mix } from '../world/endpoints';
import { isWeekend } from '../world/local-time';
import { bump, exponentialFrom, poissonFrom, type Persona } from './persona';

/** Deploy and test pipelines: runs on weekdays while engineers push, from a pool of runner addresses. */
export const ciJobPersona: Persona = {
  kind: 'ci-job',
  share: 0.1,
  network: 'ci',
  client: { kind: 'ci', consumers: ['ci-web', 'ci-platform', 'ci-mobile', 'ci-infra'], services: ['deploy-api'], retry: { max: 3, baseMs: 5_000 } },
  sessions: { perDay: [4, 20], size: poissonFrom(4, 6), gapMs: exponentialFrom(1_000, 8_000) },
  intensity: (hour, weekday) => (isWeekend(weekday) ? 0.02 : 0.02 + bump(hour, 14, 3)),
  endpoints: mix({ configGet: 25, deploymentsCreate: 15, deploymentGet: 30, releasesList: 15, health: 15 }),
};
