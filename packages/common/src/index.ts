export { EARTH_RADIUS_KM, distanceKm, haversineKm, minimumDistanceKm, speedKmh, type GeoPoint, type TimedPoint } from './geo';
export { uaFamily } from './ua-family';
export { parseIp, formatIpv6, type IpAddress } from './ip';
export { CidrSet, InvalidCidrError, PRIVATE_NETWORKS, cidrContains, isPrivateOrReserved, parseCidr, type Cidr } from './cidr';
export { LruCache } from './lru';
export { serial } from './serial';
export { seededRandom } from './random';
export { TokenwatchError, isRetriable, type ErrorContext, type TokenwatchErrorOptions } from './errors';
export { backoffDelay, retry, type RetryInfo, type RetryOptions, type RetryPolicy } from './retry';
