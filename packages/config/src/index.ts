export * from './parse-env';
export * from './env-fields';
export * from './fingerprint-key';
