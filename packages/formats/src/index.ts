export * from './adapter';
export * from './fingerprint';
export * from './json-message';
export * from './route-template';
export { kongAdapter } from './kong/kong.adapter';
