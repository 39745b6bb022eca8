export * from './access-event.schema';
export * from './alert.schema';
export * from './topics';
export * from './result';
export * from './parse-json';
