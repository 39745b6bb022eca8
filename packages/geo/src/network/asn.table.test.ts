import { describe, expect, it } from 'vitest';
import { parseIp } from '@tokenwatch/common';
import { AsnTable } from './asn.table';

const ip = (text: string) => parseIp(text)!.bytes;
const n4 = (text: string) => ip(text).reduce((acc, b) => acc * 256 + b, 0);
const n6 = (text: string) => ip(text).reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

const V4 = [
  `${n4('1.0.0.0')},${n4('1.0.0.255')},13335,"Cloudflare, Inc."`,
  `${n4('2.26.200.0')},${n4('2.26.215.255')},201907,"LLC ""SPUTNIK"""`,
  `${n4('5.5.5.0')},${n4('5.5.5.127')},64500,Half Block Ltd `,
  'not,a,row',
  `${n4('9.0.0.0')},${n4('9.255.255.255')},0,`,
].join('\n');

describe('AsnTable (IPv4)', () => {
  const table = AsnTable.parse(`${V4}\n`, 4);

  it('finds the range holding an address, with its AS number and organisation (CSV quotes undone)', () => {
    expect(table.size).toBe(4);
    const cf = table.find(ip('1.0.0.1'));
    expect([table.asnAt(cf.row), table.orgAt(cf.row), cf.prefixLength]).toEqual([13335, 'Cloudflare, Inc.', 24]);
    expect(table.orgAt(table.find(ip('2.26.210.9')).row)).toBe('LLC "SPUTNIK"');
    expect(table.orgAt(table.find(ip('5.5.5.5')).row)).toBe('Half Block Ltd');
    expect(table.orgAt(table.find(ip('9.1.2.3')).row)).toBeNull();
  });

  it('says whether the answer spans the /24: ranges and gaps alike', () => {
    expect(table.find(ip('5.5.5.5'))).toMatchObject({ prefixLength: 32 });
    expect(table.find(ip('5.5.5.200'))).toEqual({ row: -1, prefixLength: 32 });
    expect(table.find(ip('4.4.4.4'))).toEqual({ row: -1, prefixLength: 24 });
    expect(table.find(ip('0.0.0.1'))).toEqual({ row: -1, prefixLength: 24 });
    expect(table.find(ip('255.255.255.255'))).toEqual({ row: -1, prefixLength: 24 });
  });

  it('refuses unsorted data (the search needs order)', () => {
    expect(() => AsnTable.parse(`${n4('2.0.0.0')},${n4('2.0.0.255')},1,a\n${n4('1.0.0.0')},${n4('1.0.0.255')},2,b`, 4)).toThrow(/not sorted/);
  });
});

describe('AsnTable (IPv6)', () => {
  const csv = [
    `${n6('2001::')},${n6('2001:0:ffff:ffff:ffff:ffff:ffff:ffff')},6939,Hurricane Electric LLC`,
    `${n6('2001:500:3::')},${n6('2001:500:3::2f')},396585,VeriSign Global Registry Services`,
    `${n6('2a00:1450::')},${n6('2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff')},15169,Google LLC`,
  ].join('\r\n');
  const table = AsnTable.parse(csv, 6);

  it('compares all 128 bits', () => {
    expect(table.asnAt(table.find(ip('2a00:1450:4001::1')).row)).toBe(15169);
    expect(table.find(ip('2a00:1450:4001::1')).prefixLength).toBe(48);
    expect(table.asnAt(table.find(ip('2001:500:3::2f')).row)).toBe(396585);
    expect(table.find(ip('2001:500:3::2f')).prefixLength).toBe(128);
    expect(table.find(ip('2001:500:3::30')).row).toBe(-1);
    expect(table.find(ip('2001:500:4::1'))).toEqual({ row: -1, prefixLength: 48 });
    expect(table.find(ip('::2'))).toEqual({ row: -1, prefixLength: 48 });
  });
});
