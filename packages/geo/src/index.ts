export * from './distance';
export * from './event.enricher';
export * from './geo-data.info';
export * from './geo.lookup';
export { geoipLiteBackend, type GeoBackend } from './geoip-lite.backend';
export * from './lru.cache';
export { userAgentFamily } from '@tokenwatch/formats';
