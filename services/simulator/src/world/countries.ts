import type { Network, Site } from './network';
import { ACCESS_NETWORKS, SITES } from './networks.data';

/** A place a person or an office is: a city with its IANA time zone. */
export interface Locale {
  id: string;
  country: string;
  city: string;
  lat: number;
  lon: number;
  timeZone: string;
}

export interface AccessChoice {
  network: Network;
  /** Share of the population on this network (within the country). */
  weight: number;
  /** Share of its subscribers whose traffic goes over IPv6. */
  v6Share: number;
}

export interface Country {
  code: string;
  /** Share of the token population living here. */
  weight: number;
  cities: readonly Locale[];
  mobile: readonly AccessChoice[];
  broadband: readonly AccessChoice[];
  /** The ISP offices use. */
  business: Network;
  /** The nearest secure-web-gateway node (corporate VPN egress), maybe in another country. */
  gateway: Site;
  /** Cloud regions a company here deploys to, nearest first. */
  regions: readonly Site[];
}

const networks = new Map<string, Network>(ACCESS_NETWORKS.map((n) => [n.id, n]));
const sites = new Map<string, Site>(SITES.map((s) => [s.id, s]));
export const ALL_SITES: readonly Site[] = SITES;
export const ALL_ACCESS_NETWORKS: readonly Network[] = ACCESS_NETWORKS;

export function networkById(id: string): Network {
  const found = networks.get(id) ?? sites.get(id);
  if (!found) throw new Error(`unknown network ${id}`);
  return found;
}

export function siteById(id: string): Site {
  const found = sites.get(id);
  if (!found) throw new Error(`unknown site ${id}`);
  return found;
}

const city = (country: string, name: string, lat: number, lon: number, timeZone: string): Locale => ({
  id: `${country.toLowerCase()}-${name.toLowerCase().replace(/[^a-z]+/g, '-')}`,
  country,
  city: name,
  lat,
  lon,
  timeZone,
});
const on = (id: string, weight: number, v6Share: number): AccessChoice => ({ network: networkById(id), weight, v6Share });

export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    weight: 30,
    cities: [
      city('US', 'New York', 40.71, -74.01, 'America/New_York'),
      city('US', 'Atlanta', 33.75, -84.39, 'America/New_York'),
      city('US', 'Chicago', 41.88, -87.63, 'America/Chicago'),
      city('US', 'Denver', 39.74, -104.99, 'America/Denver'),
      city('US', 'Los Angeles', 34.05, -118.24, 'America/Los_Angeles'),
      city('US', 'Seattle', 47.61, -122.33, 'America/Los_Angeles'),
    ],
    mobile: [on('us-tmobile', 0.45, 0.9), on('us-verizon', 0.55, 0)],
    broadband: [on('us-comcast', 0.55, 0.7), on('us-charter', 0.45, 0.5)],
    business: networkById('us-att-business'),
    gateway: siteById('zscaler-us-nyc'),
    regions: [siteById('aws-us-east-1'), siteById('aws-us-west-2'), siteById('gcp-us-central1'), siteById('azure-eastus2')],
  },
  {
    code: 'CA',
    weight: 5,
    cities: [city('CA', 'Toronto', 43.65, -79.38, 'America/Toronto'), city('CA', 'Vancouver', 49.28, -123.12, 'America/Vancouver')],
    mobile: [on('ca-rogers', 1, 0.5)],
    broadband: [on('ca-bell', 1, 0.4)],
    business: networkById('ca-bell'),
    gateway: siteById('zscaler-ca-tor'),
    regions: [siteById('aws-ca-central-1'), siteById('aws-us-east-1')],
  },
  {
    code: 'GB',
    weight: 8,
    cities: [city('GB', 'London', 51.51, -0.13, 'Europe/London'), city('GB', 'Manchester', 53.48, -2.24, 'Europe/London')],
    mobile: [on('gb-three', 0.5, 0.3), on('gb-vodafone', 0.5, 0)],
    broadband: [on('gb-bt', 0.55, 0), on('gb-virgin', 0.45, 0.3)],
    business: networkById('gb-bt'),
    gateway: siteById('zscaler-gb-lon'),
    regions: [siteById('aws-eu-west-2'), siteById('aws-eu-west-1'), siteById('azure-northeurope')],
  },
  {
    code: 'DE',
    weight: 8,
    cities: [
      city('DE', 'Berlin', 52.52, 13.4, 'Europe/Berlin'),
      city('DE', 'Munich', 48.14, 11.58, 'Europe/Berlin'),
      city('DE', 'Hamburg', 53.55, 9.99, 'Europe/Berlin'),
    ],
    mobile: [on('de-o2', 1, 0.5)],
    broadband: [on('de-telekom', 0.6, 0.7), on('de-vodafone', 0.4, 0.4)],
    business: networkById('de-telekom'),
    gateway: siteById('zscaler-de-fra'),
    regions: [siteById('aws-eu-central-1'), siteById('gcp-europe-west3'), siteById('azure-westeurope')],
  },
  {
    code: 'FR',
    weight: 6,
    cities: [city('FR', 'Paris', 48.86, 2.35, 'Europe/Paris'), city('FR', 'Lyon', 45.76, 4.84, 'Europe/Paris')],
    mobile: [on('fr-free-mobile', 1, 0.6)],
    broadband: [on('fr-free', 0.5, 0.8), on('fr-orange', 0.5, 0)],
    business: networkById('fr-orange'),
    gateway: siteById('zscaler-fr-par'),
    regions: [siteById('aws-eu-central-1'), siteById('aws-eu-west-1')],
  },
  {
    code: 'NL',
    weight: 4,
    cities: [city('NL', 'Amsterdam', 52.37, 4.9, 'Europe/Amsterdam'), city('NL', 'Rotterdam', 51.92, 4.48, 'Europe/Amsterdam')],
    mobile: [on('nl-odido', 1, 0.4)],
    broadband: [on('nl-kpn', 0.5, 0.5), on('nl-ziggo', 0.5, 0)],
    business: networkById('nl-kpn'),
    // many Dutch companies route through a gateway node across the border
    gateway: siteById('zscaler-de-fra'),
    regions: [siteById('azure-westeurope'), siteById('aws-eu-central-1')],
  },
  {
    code: 'ES',
    weight: 4,
    cities: [city('ES', 'Madrid', 40.42, -3.7, 'Europe/Madrid'), city('ES', 'Barcelona', 41.39, 2.17, 'Europe/Madrid')],
    mobile: [on('es-vodafone', 1, 0)],
    broadband: [on('es-movistar', 1, 0.3)],
    business: networkById('es-movistar'),
    gateway: siteById('zscaler-fr-par'),
    regions: [siteById('aws-eu-west-1'), siteById('aws-eu-central-1')],
  },
  {
    code: 'IN',
    weight: 12,
    cities: [
      city('IN', 'Bengaluru', 12.97, 77.59, 'Asia/Kolkata'),
      city('IN', 'Mumbai', 19.08, 72.88, 'Asia/Kolkata'),
      city('IN', 'Delhi', 28.61, 77.21, 'Asia/Kolkata'),
    ],
    mobile: [on('in-jio', 0.6, 0.9), on('in-airtel-mobile', 0.4, 0.6)],
    broadband: [on('in-airtel', 1, 0)],
    business: networkById('in-airtel'),
    gateway: siteById('zscaler-in-bom'),
    regions: [siteById('aws-ap-south-1'), siteById('aws-ap-southeast-1')],
  },
  {
    code: 'JP',
    weight: 6,
    cities: [city('JP', 'Tokyo', 35.68, 139.69, 'Asia/Tokyo'), city('JP', 'Osaka', 34.69, 135.5, 'Asia/Tokyo')],
    mobile: [on('jp-docomo', 1, 0.5)],
    broadband: [on('jp-ocn', 1, 0.5)],
    business: networkById('jp-ocn'),
    gateway: siteById('zscaler-jp-tyo'),
    regions: [siteById('aws-ap-northeast-1'), siteById('gcp-asia-northeast1')],
  },
  {
    code: 'SG',
    weight: 3,
    cities: [city('SG', 'Singapore', 1.35, 103.82, 'Asia/Singapore')],
    mobile: [on('sg-m1', 1, 0)],
    broadband: [on('sg-singnet', 1, 0.3)],
    business: networkById('sg-singnet'),
    gateway: siteById('zscaler-sg'),
    regions: [siteById('aws-ap-southeast-1')],
  },
  {
    code: 'AU',
    weight: 4,
    cities: [city('AU', 'Sydney', -33.87, 151.21, 'Australia/Sydney'), city('AU', 'Melbourne', -37.81, 144.96, 'Australia/Melbourne')],
    mobile: [on('au-optus', 1, 0)],
    broadband: [on('au-telstra', 1, 0.5)],
    business: networkById('au-telstra'),
    gateway: siteById('zscaler-au-syd'),
    regions: [siteById('aws-ap-southeast-2')],
  },
  {
    code: 'BR',
    weight: 7,
    cities: [city('BR', 'São Paulo', -23.55, -46.63, 'America/Sao_Paulo'), city('BR', 'Rio de Janeiro', -22.91, -43.17, 'America/Sao_Paulo')],
    mobile: [on('br-tim', 1, 0.4)],
    broadband: [on('br-vivo', 1, 0.5)],
    business: networkById('br-vivo'),
    gateway: siteById('zscaler-br-sao'),
    regions: [siteById('aws-sa-east-1'), siteById('aws-us-east-1')],
  },
];

/** Residential and mobile networks of countries where no simulated token lives (for "new country" attacks). */
export interface ForeignPlace extends Locale {
  network: Network;
}

const foreign = (networkId: string, name: string, lat: number, lon: number, timeZone: string): ForeignPlace => {
  const network = networkById(networkId);
  return { ...city(network.country, name, lat, lon, timeZone), network };
};

export const FOREIGN_PLACES: readonly ForeignPlace[] = [
  foreign('ru-rostelecom', 'Moscow', 55.75, 37.62, 'Europe/Moscow'),
  foreign('cn-chinanet', 'Guangzhou', 23.13, 113.26, 'Asia/Shanghai'),
  foreign('ng-mtn', 'Lagos', 6.45, 3.39, 'Africa/Lagos'),
  foreign('vn-viettel', 'Hanoi', 21.03, 105.85, 'Asia/Ho_Chi_Minh'),
  foreign('ro-digi', 'Bucharest', 44.43, 26.1, 'Europe/Bucharest'),
  foreign('id-telkom', 'Jakarta', -6.2, 106.85, 'Asia/Jakarta'),
  foreign('tr-turktelekom', 'Istanbul', 41.01, 28.98, 'Europe/Istanbul'),
  foreign('ua-kyivstar', 'Kyiv', 50.45, 30.52, 'Europe/Kyiv'),
  foreign('za-vodacom', 'Johannesburg', -26.2, 28.05, 'Africa/Johannesburg'),
];

export const HOME_LOCALES: readonly Locale[] = COUNTRIES.flatMap((c) => c.cities);
export const CLOUD_SITES: readonly Site[] = SITES.filter((s) => s.role === 'cloud');
/** Hosting, VPN and Tor exits: the infrastructure attackers rent or borrow. */
export const ABUSE_SITES: readonly Site[] = SITES.filter((s) => s.role === 'hosting' || s.role === 'vpn' || s.role === 'tor');

export function countryOf(code: string): Country {
  const found = COUNTRIES.find((c) => c.code === code);
  if (!found) throw new Error(`no country ${code}`);
  return found;
}

/** A site as a locale (its city and zone). */
export const siteLocale = (s: Site): Locale => ({ id: s.id, country: s.country, city: s.city, lat: s.lat, lon: s.lon, timeZone: s.timeZone });
