export * from './backoff';
export * from './kafka-client';
export * from './topics';
export * from './producer';
export * from './consumed-message';
export * from './dead-letter';
export * from './batch-consumer';
export * from './local-broker';
