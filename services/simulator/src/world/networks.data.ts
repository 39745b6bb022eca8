/**
 * Real address ranges, chosen from the data the pipeline geolocates with (DB-IP Lite city, June 2026, and
 * the RouteViews + DB-IP ASN table of @ip-location-db/asn, June 2026): each range is announced by the
 * named autonomous system, and every /24 of it (three probes each) geolocates to the named country, and
 * for sites to the named city. Access networks list /20s chosen to span many cities of the country, as
 * carrier and ISP pools do in that data. places.test.ts checks them against the pipeline's lookup.
 */
import { access, operator } from './network';

/** Mobile carriers, broadband and business ISPs: id, ASN, organisation, role and country, then the IPv4 /20s and the IPv6 prefixes, space-separated. */
export const ACCESS_NETWORKS = [
  access('us-tmobile', 21928, 'T-Mobile USA, Inc.', 'mobile', 'US', {
    v4: '172.56.16.0/20 172.56.32.0/20 172.56.112.0/20 172.56.0.0/20 172.56.176.0/20 172.56.64.0/20 172.58.112.0/20 172.59.208.0/20',
    v6: '2607:fb90::/33 2607:fb91::/32',
  }),
  access('us-verizon', 22394, 'Verizon Business', 'mobile', 'US', {
    v4: '174.192.0.0/20 174.192.128.0/20 174.192.192.0/20 174.192.64.0/20 174.193.0.0/20 174.193.16.0/20',
    v6: '',
  }),
  access('us-comcast', 7922, 'Comcast Cable Communications, LLC', 'broadband', 'US', {
    v4: '162.17.208.0/20 162.151.160.0/20 173.14.128.0/20 184.112.16.0/20 198.0.208.0/20 198.0.240.0/20',
    v6: '2601:540::/32 2601:140::/32',
  }),
  access('us-charter', 20115, 'Charter Communications', 'broadband', 'US', {
    v4: '35.130.32.0/20 35.148.112.0/20 150.181.0.0/20 35.151.112.0/20 47.231.192.0/20 47.44.64.0/20',
    v6: '2600:6c9d::/32 2600:6c9c::/32',
  }),
  access('us-att-business', 7018, 'AT&T Enterprises, LLC', 'business', 'US', {
    v4: '12.108.176.0/20 12.0.32.0/20 12.10.144.0/20 12.107.144.0/20 12.108.0.0/20 12.11.0.0/20',
    v6: '',
  }),
  access('ca-rogers', 812, 'Rogers Communications Canada Inc.', 'mobile', 'CA', {
    v4: '173.239.176.0/20 67.224.80.0/20 72.136.96.0/20 72.139.0.0/20 72.143.208.0/20 108.160.240.0/20',
    v6: '2606:f900::/32 2607:fea8::/32',
  }),
  access('ca-bell', 577, 'Bell Canada', 'broadband', 'CA', {
    v4: '142.112.48.0/20 142.113.128.0/20 142.115.0.0/20 142.120.160.0/20 142.170.32.0/20 142.181.240.0/20',
    v6: '2001:4958::/32 2604:d40::/32',
  }),
  access('gb-three', 206067, 'Hutchison 3G UK Limited', 'mobile', 'GB', {
    v4: '188.30.144.0/20 188.31.224.0/20 92.40.32.0/20 94.196.240.0/20 94.197.64.0/20 188.29.128.0/20',
    v6: '2a04:4a43::/32',
  }),
  access('gb-vodafone', 25135, 'Vodafone Limited', 'mobile', 'GB', {
    v4: '148.252.128.0/20 148.252.144.0/20 148.252.160.0/20 89.104.48.0/20',
    v6: '',
  }),
  access('gb-bt', 2856, 'British Telecommunications PLC', 'broadband', 'GB', {
    v4: '109.144.128.0/20 109.144.144.0/20 109.180.0.0/20 109.180.224.0/20 213.122.0.0/20 213.122.16.0/20',
    v6: '',
  }),
  access('gb-virgin', 5089, 'Virgin Media Limited', 'broadband', 'GB', {
    v4: '77.100.32.0/20 77.101.160.0/20 77.102.144.0/20 77.103.192.0/20 77.98.176.0/20 77.99.48.0/20',
    v6: '2a02:8801::/32',
  }),
  access('de-o2', 6805, 'Telefonica Germany GmbH & Co.OHG', 'mobile', 'DE', {
    v4: '95.117.240.0/20 176.3.144.0/20 176.4.16.0/20 176.4.192.0/20 176.5.192.0/20 176.7.208.0/20',
    v6: '2a01:c00::/32',
  }),
  access('de-telekom', 3320, 'Deutsche Telekom AG', 'broadband', 'DE', {
    v4: '217.6.128.0/20 195.145.128.0/20 195.243.192.0/20 212.184.112.0/20 212.185.160.0/20 217.237.160.0/20',
    v6: '2003:2::/32',
  }),
  access('de-vodafone', 3209, 'Vodafone GmbH', 'broadband', 'DE', {
    v4: '145.253.80.0/20 176.95.128.0/20 2.201.0.0/20 2.201.128.0/20',
    v6: '2a02:8071::/32 2001:928::/32',
  }),
  access('fr-free-mobile', 51207, 'Free Mobile SAS', 'mobile', 'FR', {
    v4: '37.165.0.0/20 37.165.112.0/20 37.165.128.0/20 37.165.144.0/20 37.165.16.0/20 37.165.176.0/20',
    v6: '2a0d:e480::/32',
  }),
  access('fr-free', 12322, 'Free SAS', 'broadband', 'FR', {
    v4: '78.246.240.0/20 78.195.128.0/20 78.196.32.0/20 78.197.0.0/20 78.197.160.0/20 78.197.32.0/20',
    v6: '2a01:e00::/32',
  }),
  access('fr-orange', 3215, 'Orange S.A.', 'broadband', 'FR', {
    v4: '193.248.48.0/20 80.11.112.0/20 80.11.128.0/20 80.11.144.0/20 80.11.176.0/20 80.13.32.0/20',
    v6: '',
  }),
  access('nl-odido', 50266, 'Odido Netherlands B.V.', 'mobile', 'NL', {
    v4: '188.90.208.0/20 188.90.32.0/20 31.184.80.0/20 85.145.128.0/20 143.179.144.0/20 188.90.0.0/20',
    v6: '2a02:4240::/32',
  }),
  access('nl-kpn', 1136, 'KPN B.V.', 'broadband', 'NL', {
    v4: '145.53.160.0/20 145.53.80.0/20 188.200.240.0/20 188.201.144.0/20 188.201.48.0/20 188.202.192.0/20',
    v6: '2a02:a440::/32 2a02:a442::/32',
  }),
  access('nl-ziggo', 33915, 'Vodafone Libertel B.V.', 'broadband', 'NL', {
    v4: '109.36.224.0/20 212.127.208.0/20 212.187.0.0/20 213.73.192.0/20',
    v6: '',
  }),
  access('es-vodafone', 12430, 'VODAFONE ESPANA S.A.U.', 'mobile', 'ES', {
    v4: '137.101.16.0/20 137.101.224.0/20 148.3.128.0/20 148.3.16.0/20 148.3.64.0/20 148.56.128.0/20',
    v6: '',
  }),
  access('es-movistar', 3352, 'TELEFONICA DE ESPANA S.A.U.', 'broadband', 'ES', {
    v4: '88.31.208.0/20 176.80.64.0/20 176.82.0.0/20 176.82.16.0/20 2.136.176.0/20 2.139.176.0/20',
    v6: '2a02:9011::/32 2a02:9000::/32',
  }),
  access('in-jio', 55836, 'Reliance Jio Infocomm Limited', 'mobile', 'IN', {
    v4: '49.42.192.0/20 49.42.160.0/20 49.42.224.0/20 49.42.96.0/20 152.56.160.0/20 152.59.48.0/20',
    v6: '2405:201::/32 2405:204:8000::/33',
  }),
  access('in-airtel-mobile', 45609, 'Bharti Airtel Limited', 'mobile', 'IN', {
    v4: '106.192.112.0/20 106.205.128.0/20 106.205.160.0/20 106.216.240.0/20 106.221.128.0/20 106.221.208.0/20',
    v6: '2401:4900:e000::/36',
  }),
  access('in-airtel', 24560, 'Bharti Airtel Limited', 'broadband', 'IN', {
    v4: '223.181.64.0/20 106.200.16.0/20 223.185.48.0/20 122.168.80.0/20 223.181.16.0/20 223.185.16.0/20',
    v6: '',
  }),
  access('jp-docomo', 9605, 'NTT DOCOMO, INC.', 'mobile', 'JP', {
    v4: '49.109.112.0/20 49.109.96.0/20 49.109.144.0/20 49.98.160.0/20 49.98.128.0/20 1.73.144.0/20',
    v6: '240a:40:4000::/34',
  }),
  access('jp-ocn', 4713, 'NTT Communications Corporation', 'broadband', 'JP', {
    v4: '118.22.48.0/20 61.126.208.0/20 114.160.240.0/20 123.226.240.0/20 153.142.176.0/20 180.43.64.0/20',
    v6: '2001:380::/32 2400:4000::/32',
  }),
  access('sg-m1', 4773, 'M1 LIMITED', 'mobile', 'SG', {
    v4: '124.197.64.0/20 119.56.64.0/20 119.56.96.0/20 124.197.112.0/20',
    v6: '',
  }),
  access('sg-singnet', 3758, 'SingNet Pte Ltd', 'broadband', 'SG', {
    v4: '165.21.96.0/20 42.61.0.0/20 115.42.240.0/20 116.12.128.0/20',
    v6: '2001:c20:9000::/36 2401:be20::/32',
  }),
  access('au-optus', 4804, 'SingTel Optus Pty Ltd', 'mobile', 'AU', {
    v4: '49.178.80.0/20 49.183.128.0/20 49.184.96.0/20 211.30.32.0/20 49.178.144.0/20 49.178.64.0/20',
    v6: '',
  }),
  access('au-telstra', 1221, 'Telstra Limited', 'broadband', 'AU', {
    v4: '120.151.16.0/20 120.155.128.0/20 121.211.176.0/20 121.211.224.0/20 203.27.176.0/20 1.145.176.0/20',
    v6: '2001:8003::/32 2001:8001::/32',
  }),
  access('br-tim', 26615, 'TIM S/A', 'mobile', 'BR', {
    v4: '181.77.144.0/20 181.77.160.0/20 181.77.64.0/20 177.50.16.0/20 181.77.128.0/20 181.77.96.0/20',
    v6: '2804:180::/32 2804:20::/32',
  }),
  access('br-vivo', 18881, 'TELEFONICA BRASIL S.A', 'broadband', 'BR', {
    v4: '177.98.64.0/20 177.135.240.0/20 177.204.160.0/20 177.135.112.0/20 177.135.128.0/20 177.135.144.0/20',
    v6: '2804:1b3:8000::/34 2804:1b2:6000::/36',
  }),
  access('ru-rostelecom', 12389, 'PJSC Rostelecom', 'broadband', 'RU', {
    v4: '85.174.192.0/20 94.25.32.0/20 176.211.96.0/20',
    v6: '',
  }),
  access('cn-chinanet', 4134, 'Chinanet', 'broadband', 'CN', {
    v4: '219.129.64.0/20 219.129.32.0/20 125.90.48.0/20',
    v6: '',
  }),
  access('ng-mtn', 29465, 'MTN NIGERIA Communication limited', 'mobile', 'NG', {
    v4: '102.90.112.0/20 102.91.64.0/20',
    v6: '',
  }),
  access('vn-viettel', 7552, 'Viettel Group', 'mobile', 'VN', {
    v4: '116.98.240.0/20 171.225.192.0/20 115.76.48.0/20',
    v6: '',
  }),
  access('ro-digi', 8708, 'DIGI ROMANIA S.A.', 'broadband', 'RO', {
    v4: '79.115.144.0/20 81.196.128.0/20 81.196.240.0/20',
    v6: '',
  }),
  access('id-telkom', 7713, 'Telekomunikasi Indonesia (PT)', 'broadband', 'ID', {
    v4: '110.136.208.0/20 180.243.32.0/20 36.75.144.0/20',
    v6: '',
  }),
  access('tr-turktelekom', 9121, 'Turk Telekomunikasyon Anonim Sirketi', 'broadband', 'TR', {
    v4: '78.181.128.0/20 81.215.16.0/20 95.14.0.0/20',
    v6: '',
  }),
  access('ua-kyivstar', 15895, '"Kyivstar" PJSC', 'mobile', 'UA', {
    v4: '178.137.144.0/20 178.137.16.0/20 178.137.160.0/20',
    v6: '',
  }),
  access('za-vodacom', 29975, 'Vodacom', 'mobile', 'ZA', {
    v4: '105.253.224.0/20 41.1.64.0/20 41.12.160.0/20',
    v6: '',
  }),
] as const;

// Who runs the sites: one ASN, organisation and role each.
const awsAshburn = operator(14618, 'Amazon.com, Inc.', 'cloud');
const aws = operator(16509, 'Amazon.com, Inc.', 'cloud');
const azure = operator(8075, 'Microsoft Corporation', 'cloud');
const gcp = operator(396982, 'Google LLC', 'cloud');
const digitalOcean = operator(14061, 'DigitalOcean, LLC', 'hosting');
const hetzner = operator(24940, 'Hetzner Online GmbH', 'hosting');
const ovh = operator(16276, 'OVH SAS', 'hosting');
const vultr = operator(20473, 'The Constant Company, LLC', 'hosting');
const linode = operator(63949, 'Akamai Technologies, Inc.', 'hosting');
const m247 = operator(9009, 'M247 Europe SRL', 'vpn');
const datacamp = operator(60068, 'Datacamp Limited', 'vpn');
const packetHub = operator(136787, 'PacketHub S.A.', 'vpn');
const torErneuerbareFreiheit = operator(60729, 'Stiftung Erneuerbare Freiheit', 'tor');
const torCyberology = operator(215125, 'Church of Cyberology', 'tor');
const torDfri = operator(198093, 'Foreningen for digitala fri- och rattigheter', 'tor');
const torEmeraldOnion = operator(396507, 'Emerald Onion', 'tor');
const torAppliedPrivacy = operator(208323, 'Foundation for Applied Privacy', 'tor');
const zscalerUs = operator(22616, 'ZSCALER, INC.', 'corporate-vpn');
const zscalerEu = operator(62044, 'Zscaler Switzerland GmbH', 'corporate-vpn');
const zscalerAsia = operator(53813, 'ZSCALER, INC.', 'corporate-vpn');

/** Cloud regions, VPS hosting, VPN and Tor exits, corporate secure-web-gateway nodes: one city each. */
export const SITES = [
  awsAshburn('aws-us-east-1', 'US', 'Ashburn', 39.04, -77.49, 'America/New_York', ['3.80.0.0/20', '3.5.0.0/20']),
  aws('aws-us-west-2', 'US', 'Boardman', 45.84, -119.7, 'America/Los_Angeles', ['3.42.128.0/20', '35.161.80.0/20']),
  aws('aws-eu-west-1', 'IE', 'Dublin', 53.35, -6.26, 'Europe/Dublin', ['3.40.128.0/20', '52.209.240.0/20']),
  aws('aws-eu-west-2', 'GB', 'London', 51.51, -0.13, 'Europe/London', ['3.2.16.0/20', '3.2.128.0/20']),
  aws('aws-eu-central-1', 'DE', 'Frankfurt am Main', 50.11, 8.68, 'Europe/Berlin', ['3.40.0.0/20', '18.194.32.0/20']),
  aws('aws-ap-northeast-1', 'JP', 'Shibuya City', 35.68, 139.65, 'Asia/Tokyo', ['3.44.128.0/20', '35.74.96.0/20']),
  aws('aws-ap-southeast-1', 'SG', 'Singapore', 1.35, 103.82, 'Asia/Singapore', ['3.0.0.0/20', '18.141.240.0/20']),
  aws('aws-ap-southeast-2', 'AU', 'Sydney', -33.87, 151.21, 'Australia/Sydney', ['3.24.0.0/20', '16.176.176.0/20']),
  aws('aws-ap-south-1', 'IN', 'Mumbai', 18.96, 72.83, 'Asia/Kolkata', ['3.6.0.0/20', '13.207.224.0/20']),
  aws('aws-sa-east-1', 'BR', 'Sao Paulo', -23.56, -46.64, 'America/Sao_Paulo', ['3.44.192.0/20', '54.94.128.0/20']),
  aws('aws-ca-central-1', 'CA', 'Montreal', 45.5, -73.57, 'America/Toronto', ['3.33.128.0/20', '16.54.144.0/20']),
  azure('azure-eastus', 'US', 'Washington', 38.71, -78.16, 'America/New_York', ['4.156.0.0/20', '20.232.176.0/20', '52.186.192.0/20']),
  azure('azure-eastus2', 'US', 'Boydton', 36.67, -78.39, 'America/New_York', ['4.150.64.0/20', '40.70.0.0/20', '57.162.48.0/20']),
  azure('azure-centralus', 'US', 'Des Moines', 41.59, -93.63, 'America/Chicago', ['4.150.128.0/20', '40.78.144.0/20', '57.165.224.0/20']),
  azure('azure-westus', 'US', 'San Jose', 37.34, -121.89, 'America/Los_Angeles', ['4.150.224.0/20', '40.75.224.0/20', '52.254.208.0/20']),
  azure('azure-westeurope', 'NL', 'Amsterdam', 52.37, 4.9, 'Europe/Amsterdam', ['4.175.0.0/20', '20.93.160.0/20', '52.137.0.0/20']),
  azure('azure-northeurope', 'IE', 'Dublin', 53.35, -6.26, 'Europe/Dublin', ['4.207.0.0/20', '20.107.240.0/20', '52.158.96.0/20']),
  gcp('gcp-us-central1', 'US', 'Council Bluffs', 41.26, -95.86, 'America/Chicago', ['23.236.48.0/20', '34.135.64.0/20']),
  gcp('gcp-us-east1', 'US', 'North Charleston', 32.88, -80.01, 'America/New_York', ['34.23.0.0/20', '34.139.128.0/20']),
  gcp('gcp-europe-west3', 'DE', 'Frankfurt am Main', 50.11, 8.68, 'Europe/Berlin', ['34.40.0.0/20', '34.179.64.0/20']),
  gcp('gcp-asia-northeast1', 'JP', 'Shibuya City', 35.68, 139.65, 'Asia/Tokyo', ['34.84.0.0/20', '34.146.176.0/20']),
  digitalOcean('do-nyc', 'US', 'Clifton', 40.83, -74.13, 'America/New_York', ['45.55.32.0/20', '134.209.32.0/20']),
  digitalOcean('do-sfo', 'US', 'Santa Clara', 37.4, -121.96, 'America/Los_Angeles', ['24.144.68.0/24', '138.68.57.0/24', '159.65.102.0/24']),
  digitalOcean('do-ams', 'NL', 'Amsterdam', 52.36, 4.96, 'Europe/Amsterdam', ['37.139.0.0/20', '161.35.144.0/20']),
  digitalOcean('do-fra', 'DE', 'Frankfurt am Main', 50.11, 8.68, 'Europe/Berlin', ['46.101.208.0/20', '157.230.96.0/20']),
  digitalOcean('do-lon', 'GB', 'Slough', 51.52, -0.63, 'Europe/London', ['46.101.0.0/24', '142.93.41.0/24', '178.62.6.0/24']),
  digitalOcean('do-sgp', 'SG', 'Singapore (Pioneer)', 1.32, 103.69, 'Asia/Singapore', ['68.183.176.0/20', '157.245.192.0/20']),
  digitalOcean('do-blr', 'IN', 'Bengaluru', 12.97, 77.59, 'Asia/Kolkata', ['5.101.108.0/24', '139.59.43.0/24', '159.89.167.0/24']),
  digitalOcean('do-tor', 'CA', 'Toronto', 43.65, -79.38, 'America/Toronto', ['67.207.64.0/24', '143.198.35.0/24', '159.203.48.0/24']),
  hetzner('hetzner-fsn', 'DE', 'Falkenstein', 50.48, 12.37, 'Europe/Berlin', ['5.9.48.0/20', '138.201.192.0/20']),
  hetzner('hetzner-hel', 'FI', 'Helsinki', 60.17, 24.94, 'Europe/Helsinki', ['37.27.0.0/20', '65.109.192.0/20']),
  ovh('ovh-rbx', 'FR', 'Roubaix', 50.69, 3.2, 'Europe/Paris', ['5.39.64.0/20', '57.130.144.0/20']),
  vultr('vultr-nj', 'US', 'Piscataway', 40.55, -74.46, 'America/New_York', ['5.102.112.0/24', '66.135.11.0/24', '140.82.44.0/24']),
  vultr('vultr-tokyo', 'JP', 'Shinagawa', 35.61, 139.73, 'Asia/Tokyo', ['43.224.32.0/24', '45.77.20.0/24', '167.179.80.0/24']),
  vultr('vultr-london', 'GB', 'London', 51.51, -0.13, 'Europe/London', ['5.199.15.0/24', '78.141.246.0/24', '151.245.203.0/24']),
  linode('linode-mumbai', 'IN', 'Mumbai', 19.08, 72.88, 'Asia/Kolkata', ['45.79.117.0/24', '172.105.55.0/24', '172.236.191.0/24']),
  linode('linode-paris', 'FR', 'Paris', 48.86, 2.35, 'Europe/Paris', ['104.105.32.0/24', '104.105.220.0/24', '172.234.162.0/24']),
  vultr('vultr-sydney', 'AU', 'Sydney', -33.87, 151.21, 'Australia/Sydney', ['44.136.58.0/24', '91.222.132.0/24', '162.4.250.0/24']),
  m247('vpn-m247-london', 'GB', 'London', 51.51, -0.0, 'Europe/London', ['2.58.47.0/24', '102.135.72.0/24', '168.91.112.0/24']),
  m247('vpn-m247-frankfurt', 'DE', 'Frankfurt am Main', 50.11, 8.68, 'Europe/Berlin', ['2.57.248.0/24', '91.245.181.0/24', '178.159.155.0/24']),
  m247('vpn-m247-madrid', 'ES', 'Madrid', 40.42, -3.7, 'Europe/Madrid', ['23.27.84.0/24', '68.165.215.0/24', '146.70.65.0/24']),
  datacamp('vpn-datacamp-newyork', 'US', 'New York', 40.71, -74.01, 'America/New_York', ['79.127.206.0/24', '89.222.109.0/24', '156.146.36.0/24']),
  datacamp('vpn-datacamp-paris', 'FR', 'Paris', 48.86, 2.35, 'Europe/Paris', ['79.127.178.0/24', '138.199.26.0/24', '152.233.123.0/24']),
  datacamp('vpn-datacamp-amsterdam', 'NL', 'Amsterdam', 52.37, 4.9, 'Europe/Amsterdam', ['79.127.140.0/24', '89.222.127.0/24', '152.233.120.0/24']),
  datacamp('vpn-datacamp-tokyo', 'JP', 'Shibuya City', 35.68, 139.65, 'Asia/Tokyo', ['79.127.158.0/24', '95.173.204.0/24', '138.199.23.0/24']),
  datacamp('vpn-datacamp-singapore', 'SG', 'Singapore', 1.35, 103.82, 'Asia/Singapore', ['46.151.192.0/24', '89.187.162.0/24', '152.233.14.0/24']),
  packetHub('vpn-packethub-toronto', 'CA', 'Toronto', 43.65, -79.38, 'America/Toronto', ['5.44.248.0/24', '86.38.143.0/24', '185.212.118.0/24']),
  packetHub('vpn-packethub-sydney', 'AU', 'Sydney', -33.87, 151.21, 'Australia/Sydney', ['64.43.94.0/24', '84.46.232.0/24', '156.67.109.0/24']),
  torErneuerbareFreiheit('tor-de', 'DE', 'Berlin', 52.52, 13.4, 'Europe/Berlin', ['185.177.207.0/24']),
  torCyberology('tor-nl', 'NL', 'Amsterdam', 52.37, 4.9, 'Europe/Amsterdam', ['192.42.116.0/24']),
  torDfri('tor-se', 'SE', 'Stockholm', 59.33, 18.07, 'Europe/Stockholm', ['171.25.193.0/24']),
  torEmeraldOnion('tor-us', 'US', 'Seattle (Yesler Terrace)', 47.6, -122.32, 'America/Los_Angeles', ['23.129.64.0/24']),
  torAppliedPrivacy('tor-at', 'AT', 'Vienna (Wieden)', 48.19, 16.37, 'Europe/Vienna', ['109.70.100.0/24']),
  zscalerUs('zscaler-us-sjc', 'US', 'San Jose', 37.34, -121.89, 'America/Los_Angeles', ['70.39.159.0/24', '220.42.63.0/24', '220.43.37.0/24']),
  zscalerUs('zscaler-us-nyc', 'US', 'New York', 40.71, -74.01, 'America/New_York', ['70.40.176.0/24', '159.254.8.0/24', '170.85.77.0/24']),
  zscalerUs('zscaler-us-chi', 'US', 'Chicago', 41.88, -87.63, 'America/Chicago', ['70.40.178.0/24', '159.254.209.0/24', '170.85.140.0/24']),
  zscalerUs('zscaler-ca-tor', 'CA', 'Toronto', 43.65, -79.38, 'America/Toronto', ['136.226.132.0/24', '137.31.56.0/24', '137.83.131.0/24']),
  zscalerUs('zscaler-br-sao', 'BR', 'Sao Paulo', -23.55, -46.64, 'America/Sao_Paulo', ['136.226.63.0/24', '159.254.64.0/24', '205.220.12.0/24']),
  zscalerUs('zscaler-sg', 'SG', 'Singapore', 1.35, 103.82, 'Asia/Singapore', ['101.2.192.0/24', '159.254.144.0/24', '159.254.173.0/24']),
  zscalerEu('zscaler-de-fra', 'DE', 'Frankfurt am Main', 50.11, 8.68, 'Europe/Berlin', ['87.58.122.0/24', '137.83.186.0/24', '165.225.22.0/24']),
  zscalerEu('zscaler-nl-ams', 'NL', 'Amsterdam', 52.37, 4.9, 'Europe/Amsterdam', ['87.58.109.0/24', '136.226.197.0/24', '165.225.31.0/24']),
  zscalerEu('zscaler-gb-lon', 'GB', 'London', 51.51, -0.09, 'Europe/London', ['136.226.166.0/24', '147.161.141.0/24', '159.254.225.0/24']),
  zscalerEu('zscaler-fr-par', 'FR', 'Paris', 48.86, 2.35, 'Europe/Paris', ['137.31.12.0/24', '165.225.77.0/24', '194.9.96.0/24']),
  zscalerEu('zscaler-es-mad', 'ES', 'Madrid', 40.42, -3.7, 'Europe/Madrid', ['87.58.69.0/24', '87.58.92.0/24', '147.161.190.0/24']),
  zscalerEu('zscaler-ch-zrh', 'CH', 'Zurich', 47.38, 8.54, 'Europe/Zurich', ['136.226.160.0/24', '137.31.23.0/24', '165.225.67.0/24']),
  zscalerAsia('zscaler-jp-tyo', 'JP', 'Shibuya City', 35.68, 139.65, 'Asia/Tokyo', ['101.2.246.0/24', '167.103.13.0/24', '167.103.234.0/24']),
  zscalerAsia('zscaler-in-bom', 'IN', 'Mumbai', 19.08, 72.88, 'Asia/Kolkata', ['101.2.248.0/24', '167.103.133.0/24', '167.103.197.0/24']),
  zscalerAsia('zscaler-au-syd', 'AU', 'Sydney', -33.87, 151.21, 'Australia/Sydney', ['101.2.222.0/24', '101.2.238.0/24', '167.103.215.0/24']),
] as const;
