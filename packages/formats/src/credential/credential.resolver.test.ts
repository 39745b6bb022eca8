import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anonymousFingerprint, fingerprintCredential, Fingerprinter } from '../fingerprint';
import { jwtSubject } from './authorization.parser';
import { anonymousToken, CredentialResolver } from './credential.resolver';
import { authorizationSources, field, header, query, type RecordView } from './credential.source';

const KEY = 'resolver-test-key-0123456789abcdef';
const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u(payload)}.c2ln`;

function view(headers: Record<string, string> = {}, fields: Record<string, unknown> = {}, queryParams: Record<string, string> = {}): RecordView {
  return { record: fields, header: (name) => headers[name], query: (name) => queryParams[name] };
}

describe('fingerprints', () => {
  it('equal createHmac(sha256) over "kind NUL credential", for short, long and binary keys', () => {
    const longKey = 'k'.repeat(100);
    const binaryKey = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
    for (const key of [KEY, longKey, binaryKey, 'x']) {
      for (const credential of ['abc', 'ü-ñicode-🔑', 'z'.repeat(3000), 'z'.repeat(5000)]) {
        const expected = createHmac('sha256', key).update(`api_key\u0000${credential}`).digest('hex');
        expect(new Fingerprinter(key).fingerprint('api_key', credential)).toBe(expected);
        expect(fingerprintCredential(key, 'api_key', credential)).toBe(expected);
      }
    }
  });

  it('separate kinds and keys', () => {
    expect(fingerprintCredential(KEY, 'consumer', 'abc')).not.toBe(fingerprintCredential(KEY, 'api_key', 'abc'));
    expect(fingerprintCredential(KEY, 'api_key', 'abc')).not.toBe(fingerprintCredential(`${KEY}2`, 'api_key', 'abc'));
    expect(anonymousToken(KEY)).toEqual({ fp: anonymousFingerprint(KEY), hint: 'anonymous', kind: 'consumer' });
    expect(anonymousFingerprint(KEY)).not.toBe(fingerprintCredential(KEY, 'consumer', 'anonymous'));
  });
});

describe('credential sources, in order', () => {
  const resolver = new CredentialResolver([
    field('credential.id', 'credential_id'),
    header('x-api-key'),
    ...authorizationSources(),
    query('api_key'),
    field('consumer', 'consumer'),
  ]);
  const resolve = (v: RecordView) => resolver.resolve(v, KEY);

  it('the first source that yields wins', () => {
    expect(resolve(view({ 'x-api-key': 'sk_live_abcdefgh12345678' }, { credential: { id: 'cred-9' } }))?.token).toMatchObject({
      kind: 'credential_id',
      hint: 'cred-9',
    });
    expect(resolve(view({ 'x-api-key': 'sk_live_abcdefgh12345678' }, { consumer: 'acme' }))?.token).toMatchObject({ kind: 'api_key', hint: '5678' });
    expect(resolve(view({}, { consumer: 'acme' }))?.token).toMatchObject({ kind: 'consumer', hint: 'acme' });
    expect(resolve(view())).toBeUndefined();
  });

  it('hints: last 4 of a long secret, nothing of a short one, the id of an id', () => {
    expect(resolve(view({ 'x-api-key': 'short-key' }))?.token.hint).toBeNull();
    expect(resolve(view({}, {}, { api_key: 'querykey-0000-9999' }))?.token).toMatchObject({ kind: 'api_key', hint: '9999' });
  });

  it('a JWT bearer is its subject, read without verification; an opaque bearer is a bearer', () => {
    const token = jwt({ sub: 'user-4711', iss: 'https://idp.example.test' });
    const asJwt = resolve(view({ authorization: `Bearer ${token}` }));
    expect(asJwt?.token).toMatchObject({ kind: 'jwt_sub', hint: 'user-4711', fp: fingerprintCredential(KEY, 'jwt_sub', 'user-4711') });
    expect(asJwt?.secrets).toContain(token);
    // a new token for the same subject is the same identity
    expect(resolve(view({ authorization: `Bearer ${jwt({ sub: 'user-4711', exp: 1 })}` }))?.token.fp).toBe(asJwt?.token.fp);
    expect(resolve(view({ authorization: 'Bearer opaque-token-0123456789' }))?.token).toMatchObject({ kind: 'bearer', hint: '6789' });
    expect(resolve(view({ authorization: `Bearer ${jwt({ iss: 'no-sub' })}` }))?.token.kind).toBe('bearer');
    expect(jwtSubject(`${b64u({ typ: 'JWT' })}.${b64u({ sub: 'x' })}.s`)).toBeUndefined(); // no alg: not a JWS
    expect(jwtSubject('a.b.c')).toBeUndefined();
  });

  it('HTTP Basic: user:password fingerprinted, the user name as hint; an empty password means the user is a key', () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    const alice = resolve(view({ authorization: basic('alice:correct horse') }));
    expect(alice?.token).toMatchObject({ kind: 'basic', hint: 'alice', fp: fingerprintCredential(KEY, 'basic', 'alice:correct horse') });
    expect(resolve(view({ authorization: basic('alice:another') }))?.token.fp).not.toBe(alice?.token.fp);
    expect(resolve(view({ authorization: basic('sk_live_keyasusername1234:') }))?.token).toMatchObject({ kind: 'basic', hint: '1234' });
    expect(resolve(view({ authorization: 'Basic !!!not-base64' }))).toBeUndefined();
  });

  it('skips redacted and empty values', () => {
    for (const value of ['REDACTED', '-', '', '   ', '***', 'Bearer REDACTED'])
      expect(resolve(view({ authorization: value, 'x-api-key': value })), value).toBeUndefined();
  });

  it('never takes an auth header with a scheme as an id, nor a secret-looking field as a JWT subject', () => {
    const ids = new CredentialResolver([header('x-consumer', 'consumer'), field('headers.x-token', 'jwt_sub'), field('claims.sub', 'jwt_sub')]);
    expect(ids.resolve(view({ 'x-consumer': 'Bearer abcdef0123456789' }), KEY)).toBeUndefined();
    expect(ids.resolve(view({}, { headers: { 'x-token': 'opaque-secret-0123456789' } }), KEY)).toBeUndefined();
    expect(ids.resolve(view({}, { claims: { sub: 'user-1' } }), KEY)?.token).toMatchObject({ kind: 'jwt_sub', hint: 'user-1' });
  });

  it('lists every secret in a record for scrubbing, not only the chosen one', () => {
    const v = view({ 'x-api-key': 'sk_live_first000000001', authorization: 'Bearer second-token-000002' }, {}, { api_key: 'third-query-000003' });
    expect(resolver.secretValues(v)).toEqual(expect.arrayContaining(['sk_live_first000000001', 'second-token-000002', 'third-query-000003']));
  });
});
