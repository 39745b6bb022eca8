export * from './http-receiver';
export * from './manual-clock';
export * from './alerts.fixture';
export * from './contract-checks';
export * from './notifier.harness';
export * from './crash-point';
export * from './pagerduty-pages';
