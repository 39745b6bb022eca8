/** What a gateway or a broken shipper sends now and then: cut-off JSON, garbage, a record without a credential, an array with one bad member. */
const MALFORMED: Array<(valid: string, i: number) => string> = [
  (valid) => valid.slice(0, Math.floor(valid.length / 2)),
  (_, i) => `\u0000\u00ff garbage ${i} \u0007`,
  (_, i) =>
    JSON.stringify({ started_at: 1, client_ip: '203.0.113.1', request: { id: `anon-${i}`, method: 'GET', uri: '/', headers: {} }, response: { status: 200 } }),
  (_, i) => `[${JSON.stringify({ request: { id: `bad-member-${i}` } })}]`,
];

export interface MixCounts {
  valid: number;
  malformed: number;
}

/**
 * The records with one malformed record after every `validPerMalformed` valid ones (9: 10 % of the
 * stream), each of the kinds above in turn; `counts` is filled in as the generator is read.
 */
export function* withMalformed(records: Iterable<string>, validPerMalformed: number, counts: MixCounts): Generator<string> {
  for (const record of records) {
    yield record;
    counts.valid++;
    if (counts.valid % validPerMalformed === 0) {
      yield MALFORMED[counts.malformed % MALFORMED.length]!(record, counts.malformed);
      counts.malformed++;
    }
  }
}
