/**
 * Where simulated clients sit: a small table of real public /24 ranges per place. Every range was
 * chosen because geoip-lite (the version pinned in package.json) resolves all of its addresses to
 * the place's country and city; places.test.ts checks that. Time zones are fixed offsets (standard
 * time, no daylight saving), which is close enough for daily cycles.
 *
 * `network` says how the simulation uses a range: `residential` for people and offices,
 * `datacenter` for servers, `anonymizer` for the hosting and anonymising infrastructure that
 * attackers use. It is not a claim about who owns the range.
 */
export type PlaceGroup = 'home' | 'datacenter' | 'foreign' | 'anonymizer';

export interface Place {
  id: string;
  country: string;
  /** City as geoip-lite names it; null where geoip-lite has no city for the range. */
  city: string | null;
  lat: number;
  lon: number;
  utcOffsetHours: number;
  group: PlaceGroup;
  /** /24 ranges; hosts .1 to .254 are used. */
  ranges: readonly string[];
}

const place = (id: string, country: string, city: string | null, lat: number, lon: number, utcOffsetHours: number, group: PlaceGroup, ranges: string[]): Place => ({
  id, country, city, lat, lon, utcOffsetHours, group, ranges,
});

/** Homes of people, offices and partners. */
export const HOME_PLACES: readonly Place[] = [
  place('us-new-york', 'US', 'New York', 40.75, -73.96, -5, 'home', ['24.193.0.0/24', '38.88.0.0/24', '63.145.0.0/24']),
  place('us-san-francisco', 'US', 'San Francisco', 37.78, -122.5, -8, 'home', ['12.230.0.0/24', '71.139.0.0/24', '75.36.0.0/24']),
  place('us-chicago', 'US', 'Chicago', 41.88, -87.63, -6, 'home', ['12.28.0.0/24', '24.136.0.0/24', '38.69.0.0/24']),
  place('ca-toronto', 'CA', 'Toronto', 43.67, -79.42, -5, 'home', ['24.114.0.0/24', '65.92.0.0/24']),
  place('gb-london', 'GB', 'London', 51.51, -0.09, 0, 'home', ['62.232.0.0/24', '86.172.0.0/24', '90.204.0.0/24']),
  place('de-berlin', 'DE', 'Berlin', 52.43, 13.39, 1, 'home', ['2.247.0.0/24', '37.44.0.0/24', '62.156.0.0/24']),
  place('fr-paris', 'FR', 'Paris', 48.86, 2.33, 1, 'home', ['78.192.0.0/24', '79.88.0.0/24', '80.215.0.0/24']),
  place('nl-amsterdam', 'NL', 'Amsterdam', 52.35, 4.92, 1, 'home', ['5.153.0.0/24', '31.151.0.0/24']),
  place('es-madrid', 'ES', 'Madrid', 40.41, -3.7, 1, 'home', ['5.224.0.0/24', '37.13.0.0/24', '46.6.0.0/24']),
  place('in-bengaluru', 'IN', 'Bengaluru', 12.97, 77.59, 5.5, 'home', ['14.98.0.0/24', '27.7.0.0/24', '49.202.0.0/24']),
  place('jp-tokyo', 'JP', 'Tokyo', 35.69, 139.75, 9, 'home', ['27.0.0.0/24', '43.235.0.0/24']),
  place('sg-singapore', 'SG', 'Singapore', 1.3, 103.85, 8, 'home', ['14.100.0.0/24', '27.104.0.0/24']),
  place('au-sydney', 'AU', 'Sydney', -33.84, 151.21, 10, 'home', ['49.179.0.0/24', '58.96.0.0/24']),
  place('br-sao-paulo', 'BR', 'São Paulo', -23.57, -46.64, -3, 'home', ['177.26.0.0/24', '179.17.0.0/24']),
];

/** Cloud regions where backend services, CI runners and batch jobs run. */
export const DATACENTER_PLACES: readonly Place[] = [
  place('dc-us-east', 'US', 'Ashburn', 39.05, -77.47, -5, 'datacenter', ['3.80.0.0/24', '54.144.0.0/24']),
  place('dc-us-west', 'US', 'Seattle', 47.63, -122.35, -8, 'datacenter', ['3.2.0.0/24']),
  place('dc-eu-central', 'DE', 'Frankfurt am Main', 50.12, 8.68, 1, 'datacenter', ['3.120.0.0/24', '3.121.0.0/24']),
  place('dc-eu-west', 'GB', 'London', 51.52, -0.09, 0, 'datacenter', ['3.8.0.0/24', '3.9.0.0/24']),
  place('dc-ap-northeast', 'JP', 'Tokyo', 35.69, 139.75, 9, 'datacenter', ['3.112.0.0/24']),
  place('dc-ap-southeast', 'SG', 'Singapore', 1.3, 103.85, 8, 'datacenter', ['3.1.0.0/24']),
  place('dc-ap-sydney', 'AU', 'Sydney', -33.86, 151.2, 10, 'datacenter', ['3.24.0.0/24']),
];

/** Residential ranges in countries where no simulated token lives: a use from here is new for any token. */
export const FOREIGN_PLACES: readonly Place[] = [
  place('ru-moscow', 'RU', 'Moscow', 55.75, 37.62, 3, 'foreign', ['5.16.0.0/24', '31.10.0.0/24']),
  place('cn-shanghai', 'CN', 'Shanghai', 31.04, 121.4, 8, 'foreign', ['27.115.0.0/24', '49.52.0.0/24']),
  place('ng-lagos', 'NG', 'Lagos', 6.45, 3.39, 1, 'foreign', ['41.190.0.0/24', '105.112.0.0/24']),
  place('vn-ho-chi-minh', 'VN', 'Ho Chi Minh City', 10.81, 106.64, 7, 'foreign', ['1.53.0.0/24', '14.161.0.0/24']),
  place('ro-bucharest', 'RO', 'Bucharest', 44.42, 26.17, 2, 'foreign', ['5.12.0.0/24', '81.196.0.0/24']),
  place('id-jakarta', 'ID', 'Jakarta', -6.17, 106.83, 7, 'foreign', ['36.66.0.0/24', '36.81.0.0/24']),
  place('tr-istanbul', 'TR', 'Istanbul', 41.03, 28.97, 3, 'foreign', ['5.25.0.0/24', '31.145.0.0/24']),
  place('ua-kyiv', 'UA', 'Kyiv', 50.45, 30.52, 2, 'foreign', ['37.53.0.0/24', '46.119.0.0/24']),
  place('za-johannesburg', 'ZA', 'Johannesburg', -26.23, 28.06, 2, 'foreign', ['41.13.0.0/24', '41.121.0.0/24']),
];

/** Hosting and anonymising infrastructure (VPS providers, Tor exits) used by scripted attacks. */
export const ANONYMIZER_PLACES: readonly Place[] = [
  place('anon-us-north-bergen', 'US', 'North Bergen', 40.8, -74.02, -5, 'anonymizer', ['167.99.0.0/24']),
  place('anon-us-phoenix', 'US', 'Phoenix', 33.45, -112.07, -7, 'anonymizer', ['104.244.72.0/24']),
  place('anon-de-nuremberg', 'DE', 'Nuremberg', 49.45, 11.07, 1, 'anonymizer', ['88.198.0.0/24']),
  place('anon-de-tor', 'DE', null, 51.3, 9.49, 1, 'anonymizer', ['185.220.101.0/24']),
  place('anon-nl-tor', 'NL', null, 52.38, 4.9, 1, 'anonymizer', ['192.42.116.0/24']),
  place('anon-se-tor', 'SE', null, 59.33, 18.06, 1, 'anonymizer', ['171.25.193.0/24']),
  place('anon-fr-hosting', 'FR', null, 48.86, 2.35, 1, 'anonymizer', ['51.68.0.0/24']),
];

export const ALL_PLACES: readonly Place[] = [...HOME_PLACES, ...DATACENTER_PLACES, ...FOREIGN_PLACES, ...ANONYMIZER_PLACES];

export function placeById(id: string): Place {
  const found = ALL_PLACES.find((p) => p.id === id);
  if (!found) throw new Error(`unknown place ${id}`);
  return found;
}

/** Great-circle distance in km. */
export function distanceKm(a: Pick<Place, 'lat' | 'lon'>, b: Pick<Place, 'lat' | 'lon'>): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** An address in one of the place's ranges (host part 1..254). */
export function addressIn(place: Place, rangeIndex: number, host: number): string {
  const range = place.ranges[rangeIndex % place.ranges.length]!;
  const prefix = range.slice(0, range.lastIndexOf('.'));
  return `${prefix}.${1 + (host % 254)}`;
}
