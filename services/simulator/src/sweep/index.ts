export { drawStart, nthSunday, lastSunday, DST_CHANGES, START_YEARS, type DrawnStart, type DstChangeName } from './start-dates';
export { planSweep, sweepSeeds, SWEEP_SETS, SWEEP_DEFAULTS, SWEEP_QUICK, type SweepOptions, type SweepRunSpec, type SweepSet } from './sweep-plan';
export { runSweepRun, type SweepPipeline, type SweepRunResult, type CompletedRun, type RunProgress } from './sweep-run';
export { serveSweepWorker } from './sweep-worker';
export { runSweepPool, type PoolOptions, type PoolProgress, type SweepFailure } from './sweep-pool';
export { summarizeSweep, SWEEP_TARGETS, type SweepReport, type SetSummary, type ScenarioSummary, type TargetResult, type RunRow } from './sweep-summary';
export { formatSweepTable } from './sweep-table';
