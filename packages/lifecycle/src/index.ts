export * from './token-policy.schema';
export * from './token-policy.file';
export * from './token-lifecycle';
