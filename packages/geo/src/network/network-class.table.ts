import type { NetworkClass } from '@tokenwatch/contracts';

/**
 * Curated AS numbers with a known network class. Each entry names its operator; a test checks the
 * name against the organisation the installed ASN data gives for the number, so a wrong number or a
 * reassigned one shows up when the data is refreshed. Where an operator runs fixed and mobile access
 * on one AS (Deutsche Telekom 3320, Vodafone DE 3209, Orange FR 3215, Telstra 1221, Rogers 812, …) it
 * is left out on purpose: the class would be a guess. Sources: the operators' own published AS numbers
 * (cloud IP-range documents, peering pages) and their registry (RIR whois) names.
 */
export interface ClassifiedAs {
  asn: number;
  class: NetworkClass;
  /** Operator, as a case-insensitive fragment of the organisation name in the ASN data. */
  name: string;
}

const entries = (cls: NetworkClass, list: Array<[number, string]>): ClassifiedAs[] => list.map(([asn, name]) => ({ asn, class: cls, name }));

/** Clouds, CDNs/edge compute and large hosting companies: traffic from them is servers, not people. */
const HOSTING = entries('hosting', [
  [16509, 'Amazon'],
  [14618, 'Amazon'],
  [8987, 'Amazon'],
  [7224, 'Amazon'],
  [396982, 'Google'],
  [15169, 'Google'],
  [19527, 'Google'],
  [8075, 'Microsoft'],
  [8068, 'Microsoft'],
  [8069, 'Microsoft'],
  [8070, 'Microsoft'],
  [31898, 'Oracle'],
  [36351, 'IBM Cloud'],
  [45102, 'Alibaba'],
  [37963, 'Alibaba'],
  [134963, 'Alibaba'],
  [45090, 'Tencent'],
  [132203, 'Tencent'],
  [55990, 'Huawei'],
  [136907, 'Huawei'],
  [14061, 'DigitalOcean'],
  [63949, 'Akamai'],
  [20473, 'The Constant Company'],
  [16276, 'OVH'],
  [24940, 'Hetzner'],
  [213230, 'Hetzner'],
  [12876, 'Scaleway'],
  [29447, 'Scaleway'],
  [51167, 'Contabo'],
  [60781, 'LeaseWeb'],
  [28753, 'Leaseweb'],
  [13335, 'Cloudflare'],
  [209242, 'Cloudflare'],
  [54113, 'Fastly'],
  [20940, 'Akamai'],
  [16625, 'Akamai'],
  [9009, 'M247'],
  [60068, 'Datacamp'],
  [212238, 'Datacamp'],
  [36352, 'HostPapa'],
  [8100, 'QuadraNet'],
  [7979, 'Servers.com'],
  [54825, 'Packet Host'],
  [40509, 'Fly.io'],
  [36459, 'GitHub'],
  [47583, 'Hostinger'],
  [26496, 'GoDaddy'],
  [398101, 'GoDaddy'],
  [27357, 'Rackspace'],
  [33070, 'Rackspace'],
  [19994, 'Rackspace'],
  [8560, 'IONOS'],
  [197540, 'netcup'],
  [200350, 'Yandex'],
  [49505, 'Selectel'],
  [9123, 'TIMEWEB'],
  [199524, 'G-Core'],
  [53667, 'FranTech'],
  [62240, 'Clouvider'],
]);

/** Commercial VPN and anonymising-proxy operators, and Tor exit operators, that announce their own address space. */
const ANONYMISER = entries('anonymiser', [
  [216025, 'Mullvad'],
  [39351, '31173 Services'],
  [397540, 'Windscribe'],
  [201665, 'Anonymizer'],
  [209103, 'Proton'],
  [208172, 'Proton'],
  [199218, 'Proton'],
  [62371, 'Proton'],
  [136787, 'PacketHub'],
  [272096, 'PacketHub'],
  [207137, 'PacketHub'],
  [147049, 'PacketHub'],
  [141039, 'PacketHub'],
  // corporate secure web gateways: the egress is the proxy's node, often in another country
  [22616, 'ZSCALER'],
  [53813, 'ZSCALER'],
  [62044, 'Zscaler'],
  // non-profits whose address space carries Tor exit relays
  [396507, 'Emerald Onion'],
  [60729, 'Stiftung Erneuerbare Freiheit'],
  [208323, 'Foundation for Applied Privacy'],
  [198093, 'Foreningen for digitala fri- och rattigheter'],
  [215125, 'Church of Cyberology'],
]);

/** Mobile network operators whose AS carries (almost only) their mobile data traffic. */
const MOBILE = entries('mobile', [
  // US
  [21928, 'T-Mobile'],
  [6614, 'T-Mobile'],
  [20057, 'AT&T'],
  [6167, 'Verizon'],
  [22394, 'Verizon'],
  // UK, FR, DE, NL, PL, CZ (Telefonica Germany's O2 DSL customers share 6805 with its far larger mobile base)
  [25135, 'Vodafone'],
  [206067, 'Hutchison 3G'],
  [35228, 'Telefonica UK'],
  [51207, 'Free Mobile'],
  [6805, 'Telefonica Germany'],
  [15670, 'T-mobile Netherlands'],
  [50266, 'Odido'],
  [12912, 'T-Mobile Polska'],
  [13036, 'T-Mobile Czech'],
  // IN, JP, KR, ID
  [55836, 'Reliance Jio'],
  [45609, 'Bharti Airtel'],
  [55410, 'Vodafone Idea'],
  [38266, 'Vodafone Idea'],
  [9605, 'DOCOMO'],
  [138384, 'Rakuten Mobile'],
  [23720, 'Rakuten Mobile'],
  [9644, 'SK Telecom'],
  [23693, 'Telekomunikasi Selular'],
  [24203, 'XL Axiata'],
  // BR, MX, TR, RU, EG, NG, ZA, PK
  [26615, 'TIM'],
  [28403, 'RadioMovil Dipsa'],
  [16135, 'TURKCELL'],
  [15897, 'Vodafone'],
  [20978, 'TT Mobil'],
  [31133, 'MegaFon'],
  [37069, 'Mobinil'],
  [36992, 'ETISALAT MISR'],
  [29465, 'MTN NIGERIA'],
  [16637, 'MTN'],
  [45669, 'Mobilink'],
  [24499, 'Telenor Pakistan'],
]);

/** Fixed-line (cable, DSL, fibre) access networks of homes and offices, with their mobile traffic elsewhere. */
const RESIDENTIAL = entries('residential', [
  // US: cable and fibre; their mobile brands ride on other carriers' networks
  [7922, 'Comcast'],
  [20115, 'Charter'],
  [11427, 'Charter'],
  [20001, 'Charter'],
  [33363, 'Charter'],
  [11426, 'Charter'],
  [11351, 'Charter'],
  [10796, 'Charter'],
  [12271, 'Charter'],
  [22773, 'Cox'],
  [701, 'Verizon'],
  [7018, 'AT&T'],
  [5650, 'Frontier'],
  [7029, 'Windstream'],
  [209, 'CenturyLink'],
  [6128, 'Cablevision'],
  [6079, 'RCN'],
  // UK, FR, CA
  [2856, 'British Telecommunications'],
  [5089, 'Virgin Media'],
  [5607, 'Sky UK'],
  [13285, 'TalkTalk'],
  [12322, 'Free SAS'],
  [6327, 'Shaw'],
  // IN
  [24560, 'Bharti Airtel'],
]);

export const CLASSIFIED_AS: readonly ClassifiedAs[] = [...HOSTING, ...ANONYMISER, ...MOBILE, ...RESIDENTIAL];

/**
 * Organisation-name patterns for networks the table does not list, tried in order. Only wording that
 * is rarely wrong: "VPN"/"proxy" operators, and hosting wording. Mobile and residential are never
 * guessed from names ("Exxon Mobil", "Cable & Wireless", fixed-wireless ISPs).
 */
export const ORG_PATTERNS: ReadonlyArray<[RegExp, NetworkClass]> = [
  [/\b(vpn|proxy|proxies|mullvad|nordvpn|expressvpn|surfshark|packethub|windscribe|ipvanish|cyberghost|purevpn)\b/i, 'anonymiser'],
  [/\b(hosting|hoster|webhosting|vps|dedicated servers?|servers?|data ?cent(er|re)s?|colocation|cloud)\b/i, 'hosting'],
];

/** Organisations a pattern would misread: an ISP named "VPN …", the UK public Wi-Fi operator "The Cloud". */
export const ORG_PATTERN_EXCEPTIONS: ReadonlySet<number> = new Set([263097, 27683, 41012]);
