import { describe, expect, it } from 'vitest';
import { CidrSet, PRIVATE_NETWORKS, seededRandom as prng } from '@tokenwatch/common';
import { ClientIpResolver } from './client-ip.resolver';
import { resolveClientIp } from './xff.resolver';

const ADDRESSES = [
  '81.2.69.142',
  '10.0.0.1',
  '10.0.0.2:443',
  '192.168.1.5',
  '127.0.0.1',
  '8.8.8.8:53',
  '[::1]:80',
  '::1',
  'fd00::3',
  '2001:4860:4860::8888',
  '[2001:db8::1]:443',
  '::ffff:10.1.2.3',
  'fe80::1%eth0',
  '"81.2.69.142"',
  ' 6.6.6.6 ',
  'unknown',
  '999.1.1.1',
  '1.2.3.4:port',
  '',
  ' ',
  '[::1',
  '1.2.3.4:',
  '1.2.3.4:123456',
  '[::1]:',
  '[::1]:99999',
  '"[::1]:80"',
  '1.2.3.4:0x1',
  '81.2.69.142:65535',
];

describe('ClientIpResolver', () => {
  it('answers exactly as resolveClientIp, cached or not, for any peer and X-Forwarded-For (10 000 seeded cases)', () => {
    const random = prng(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (const cidrs of [PRIVATE_NETWORKS, [], ['0.0.0.0/0', '::/0'], ['10.0.0.0/8', '198.51.100.0/24']]) {
      const trusted = new CidrSet(cidrs);
      const resolver = new ClientIpResolver(trusted);
      for (let i = 0; i < 2_500; i++) {
        const peer = random() < 0.1 ? undefined : pick(ADDRESSES);
        const hops = Math.floor(random() * 5);
        const forwardedFor = random() < 0.2 ? undefined : Array.from({ length: hops }, () => pick(ADDRESSES)).join(pick([',', ', ', ' ,']));
        expect(resolver.resolve(peer, forwardedFor), `case ${i}: ${peer} / ${forwardedFor}`).toEqual(resolveClientIp(peer, forwardedFor, trusted));
      }
    }
  });
});
