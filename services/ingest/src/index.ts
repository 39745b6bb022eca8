export * from './ingest.service';
export * from './ingest.config';
export * from './ingest-adapter';
export * from './ingest-topics';
export * from './pipeline/normalize.step';
export * from './pipeline/score.step';
export type { EventStore } from './consumers/event-store';
export { toBaselineRecord } from './baselines/baseline-record';
export type { BaselineOptions } from './baselines/score-baselines';
