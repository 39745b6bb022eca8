export * from './api.app';
export * from './api.server';
export * from './api.config';
