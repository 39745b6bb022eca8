import type { Persona } from '../personas/persona';
import { hashText, type Prng } from '../random/prng';
import { DAY_MS } from '../world/local-time';
import { REPLACEMENT_LIBRARIES, upgraded, withAppVersion } from '../world/user-agents';
import type { TimeWindow } from './token-spec';

export interface UserAgentChange {
  at: number;
  userAgent: string;
}

const fraction = (seed: string, key: string): number => hashText(`${seed}\u0000${key}`) / 4294967296;

/**
 * Clients change over time: the app ships a release (auto-updates reach half the phones within about
 * a day and a half, a long tail later); some services upgrade their HTTP library, a few switch to
 * another one; a partner's vendor ships a connector version to all its tokens at once; hosted CI
 * runners update themselves.
 */
export function planClientUpgrades(seed: string, rng: Prng, persona: Persona, consumer: string, userAgent: string, period: TimeWindow): UserAgentChange[] {
  const length = period.end - period.start;
  const days = length / DAY_MS;
  const changes: UserAgentChange[] = [];
  const push = (at: number, ua: string) => {
    if (at >= period.start && at < period.end && ua !== userAgent) changes.push({ at: Math.round(at), userAgent: ua });
  };
  switch (persona.client.kind) {
    case 'mobile':
    case 'employee': {
      const release = period.start + (2 + 6 * fraction(seed, `release:${persona.client.kind}`)) * DAY_MS;
      const version = persona.client.kind === 'mobile' ? withAppVersion(userAgent, '5.13.0') : upgraded(userAgent);
      push(release + rng.exponential(2 * DAY_MS), version);
      break;
    }
    case 'backend':
      if (rng.chance(0.02 * (days / 14))) push(period.start + rng.next() * length, rng.pick(REPLACEMENT_LIBRARIES.filter((l) => l !== userAgent)));
      else if (rng.chance(0.1 * (days / 14))) push(period.start + rng.next() * length, upgraded(userAgent));
      break;
    case 'partner':
      if (fraction(seed, `vendor:${consumer}`) < 0.3 * (days / 14)) push(period.start + fraction(seed, `vendor-at:${consumer}`) * length, upgraded(userAgent));
      break;
    case 'ci':
      if (userAgent.startsWith('GitHub-Actions')) push(period.start + fraction(seed, 'runner-release') * length, upgraded(userAgent));
      break;
    default:
      break;
  }
  return changes;
}
