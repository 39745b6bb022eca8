// Synthetic traffic and a detector runner for tests in other packages (not part of the engine's API).
export * from './synthetic-traffic';
export * from './run-detector';
