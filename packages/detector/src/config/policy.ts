import type { SignalType } from '@tokenwatch/contracts';
import { CidrSet, parseCidr, parseIp } from '@tokenwatch/common';
import type { DetectorConfig } from './detector-config.schema';

interface Who {
  fp?: string | undefined;
  consumer?: string | undefined;
  service?: string | undefined;
}

interface CompiledAllow extends Who {
  countries: Set<string>;
  cidrs: CidrSet;
  uaFamilies: Set<string>;
}

interface CompiledSuppression extends Who {
  signals: Set<SignalType> | null;
  until: number;
}

const applies = (rule: Who, fp: string, consumer: string | null, service: string | null): boolean =>
  (rule.fp === undefined || rule.fp === fp) &&
  (rule.consumer === undefined || rule.consumer === consumer) &&
  (rule.service === undefined || rule.service === service);

function allowedRanges(cidrs: readonly string[]): CidrSet {
  for (const c of cidrs) if (!parseCidr(c)) throw new Error(`allowlist: "${c}" is not an IP address or CIDR range`);
  return new CidrSet(cidrs);
}

/**
 * Allowlists and suppressions compiled once from the config. Lookups are only made when a signal is
 * about to fire (or, for IP ranges, when any range is configured), so they cost nothing on the hot path.
 */
export class Policy {
  readonly hasIpRules: boolean;
  readonly hasSuppressions: boolean;
  private readonly allow: CompiledAllow[];
  private readonly suppressions: CompiledSuppression[];

  constructor(config: DetectorConfig) {
    this.allow = config.allowlists.map((a) => ({
      fp: a.fp,
      consumer: a.consumer,
      service: a.service,
      countries: new Set(a.countries.map((c) => c.toUpperCase())),
      cidrs: allowedRanges(a.cidrs),
      uaFamilies: new Set(a.userAgentFamilies.map((u) => u.toLowerCase())),
    }));
    this.suppressions = config.suppressions.map((s) => ({
      fp: s.fp,
      consumer: s.consumer,
      service: s.service,
      signals: s.signals ? new Set(s.signals) : null,
      until: s.until,
    }));
    this.hasIpRules = this.allow.some((a) => a.cidrs.size > 0);
    this.hasSuppressions = this.suppressions.length > 0;
  }

  countryAllowed(fp: string, consumer: string | null, service: string | null, country: string): boolean {
    const c = country.toUpperCase();
    return this.allow.some((a) => a.countries.has(c) && applies(a, fp, consumer, service));
  }

  uaAllowed(fp: string, consumer: string | null, service: string | null, family: string): boolean {
    return this.allow.some((a) => a.uaFamilies.has(family) && applies(a, fp, consumer, service));
  }

  ipAllowed(fp: string, consumer: string | null, service: string | null, ip: string | null): boolean {
    if (!this.hasIpRules || ip === null) return false;
    const address = parseIp(ip);
    if (!address) return false;
    return this.allow.some((a) => a.cidrs.size > 0 && applies(a, fp, consumer, service) && a.cidrs.contains(address));
  }

  suppressed(fp: string, consumer: string | null, service: string | null, type: SignalType, ts: number): boolean {
    return this.suppressions.some((s) => ts < s.until && (s.signals === null || s.signals.has(type)) && applies(s, fp, consumer, service));
  }
}
