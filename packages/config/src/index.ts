export * from './parse-env';
export * from './env-fields';
export * from './fingerprint-key';
export * from './secret';
export * from './secret-env';
export * from './kafka-security.env';
export * from './kafka-oauthbearer.env';
export * from './env-fragments';
