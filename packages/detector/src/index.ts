export * from './scorer';
export * from './alert-id';
export * from './rules/auth-failure-burst.rule';
