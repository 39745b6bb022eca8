export * from './ingest.service';
export * from './ingest.config';
export * from './ingest-roles';
export * from './ingest-adapter';
export * from './ingest-topics';
export type { EventStore } from './consumers/event-store';
export { toBaselineRecord } from './baselines/baseline-record';
export type { BaselineOptions } from './baselines/score-baselines';
export * from './configured-pipeline';
