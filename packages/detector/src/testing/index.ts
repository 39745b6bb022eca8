// Synthetic traffic, a detector runner and a placeholder scorer for tests in other packages (not part of the engine's API).
export * from './synthetic-traffic';
export * from './run-detector';
export * from './auth-failure-burst.scorer';
