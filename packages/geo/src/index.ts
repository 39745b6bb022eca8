export * from './event.enricher';
export * from './geo-data.info';
export * from './geo.lookup';
export { createMmdbCityBackend, type CityDatabaseFiles, type GeoBackend } from './city/mmdb-city.backend';
export { CITY_MMDB_ENV, useCityDataFile } from './data/data.files';
export { createAsnBackend, createNetworkLookup, type NetworkBackend, type NetworkLookup, type NetworkLookupOptions } from './network/network.lookup';
export { networkClass } from './network/network-class';
export type { PrefixAnswer, PrefixCacheStats } from './prefix.cache';
