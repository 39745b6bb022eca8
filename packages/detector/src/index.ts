export * from './scorer';
export * from './alert-id';
export { createDetector, createDefaultScorer } from './detector';
export type { Detector, LearningState, RestoreOptions } from './detector.types';
export type { PeerGroupsState } from './state/peer-groups';
export { PeerGroupsStateSchema } from './state/peer-groups.schema';
export {
  DetectorConfigSchema,
  parseDetectorConfig,
  defaultDetectorConfig,
  DEFAULT_SENSITIVE_PATTERNS,
  DEFAULT_SEQUENCE_STAGES,
  type DetectorConfig,
  type DetectorConfigInput,
} from './config/detector-config.schema';
export { TokenSnapshot, TOKEN_SNAPSHOT_VERSION } from './state/token-snapshot';
export { readTokenSnapshot, tokenSnapshotFromJson, tryReadTokenSnapshot } from './state/snapshot-check';
export { scoreSeries, SeriesScorer, type ScoreSeriesOptions, type SeriesRow } from './series/score-series';
