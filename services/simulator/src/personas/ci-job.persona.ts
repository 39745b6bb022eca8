import { mix } from '../world/endpoints';
import { bump, type Persona } from './persona';

/** Deploy and test pipelines: runs on weekdays while engineers push, from a pool of runner addresses. */
export const ciJobPersona: Persona = {
  kind: 'ci-job',
  share: 0.1,
  network: 'ci',
  retry: { max: 3, baseMs: 5_000 },
  clientKind: 'ci',
  consumers: ['ci-web', 'ci-platform', 'ci-mobile', 'ci-infra'],
  services: ['deploy-api'],
  sessionsPerDay: [4, 20],
  intensity: (hour, weekday) => (weekday === 0 || weekday === 6 ? 0.02 : 0.02 + bump(hour, 14, 3)),
  sessionSize: (rng) => 4 + rng.poisson(6),
  requestGapMs: (rng) => 1_000 + rng.exponential(8_000),
  endpoints: mix([
    ['configGet', 25],
    ['deploymentsCreate', 15],
    ['deploymentGet', 30],
    ['releasesList', 15],
    ['health', 15],
  ]),
};
