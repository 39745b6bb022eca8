export * from './ingest.service';
export * from './ingest.config';
export * from './pipeline/normalize.step';
export * from './pipeline/score.step';
export type { EventStore } from './consumers/event-store';
export * from './fingerprint-key';
