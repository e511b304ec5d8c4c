import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { blindIndex } from './blind-index';
import { getAtPointer, pointerTokens, replaceAtPointer } from './json-pointer';
import { unwrapKey, wrapKey } from './key-wrap';
import { isSealedValue, open, seal, sealAad } from './sealed-value';
import { SealTamperedError } from './sealing.errors';

describe('sealed values (AES-256-GCM with AAD stream|id|pointer)', () => {
  const dataKey = randomBytes(32);
  const aad = sealAad('account-1', '6f1c0000-0000-4000-8000-000000000001', '/contact/email');

  it('round-trips any JSON value and has exactly the contract members', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const sealed = seal(value, { dataKey, kid: 'dk_1', aad });
        expect(Object.keys(sealed).sort()).toEqual(['$sealed', 'ct', 'iv', 'kid']);
        expect(sealed.$sealed).toBe('A256GCM');
        expect(Buffer.from(sealed.iv, 'base64url')).toHaveLength(12);
        expect(isSealedValue(sealed)).toBe(true);
        expect(open(sealed, { dataKey, aad })).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });

  it('fails to open under another stream, id, member or key, or with a changed byte', () => {
    const sealed = seal('alice@example.com', { dataKey, kid: 'dk_1', aad });
    for (const otherAad of [
      sealAad('account-2', '6f1c0000-0000-4000-8000-000000000001', '/contact/email'),
      sealAad('account-1', '6f1c0000-0000-4000-8000-000000000002', '/contact/email'),
      sealAad('account-1', '6f1c0000-0000-4000-8000-000000000001', '/contact/phone'),
    ]) {
      expect(() => open(sealed, { dataKey, aad: otherAad })).toThrow(SealTamperedError);
    }
    expect(() => open(sealed, { dataKey: randomBytes(32), aad })).toThrow(SealTamperedError);
    const ct = Buffer.from(sealed.ct, 'base64url');
    ct[0] ^= 1;
    expect(() => open({ ...sealed, ct: ct.toString('base64url') }, { dataKey, aad })).toThrow(SealTamperedError);
  });

  it('wraps keys under the master key, bound to their AAD', () => {
    const master = randomBytes(32);
    const wrapped = wrapKey(master, dataKey, 'cip-ledger-key|data|dk_1');
    expect(wrapped).toHaveLength(12 + 32 + 16);
    expect(unwrapKey(master, wrapped, 'cip-ledger-key|data|dk_1').equals(dataKey)).toBe(true);
    expect(() => unwrapKey(master, wrapped, 'cip-ledger-key|data|dk_2')).toThrow(SealTamperedError);
    expect(() => unwrapKey(randomBytes(32), wrapped, 'cip-ledger-key|data|dk_1')).toThrow(SealTamperedError);
  });

  it('computes blind indexes as HMAC-SHA256(key, kind ":" value) in hex', () => {
    const key = Buffer.alloc(32, 7);
    const index = blindIndex(key, 'email', 'alice@example.com');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(index).toBe(blindIndex(key, 'email', 'alice@example.com'));
    expect(index).not.toBe(blindIndex(key, 'phone', 'alice@example.com'));
    expect(index).not.toBe(blindIndex(Buffer.alloc(32, 8), 'email', 'alice@example.com'));
    expect(() => blindIndex(key, 'e:mail', 'x')).toThrow(RangeError);
  });

  it('reads and replaces members by RFC 6901 pointers, with ~0 and ~1 escapes', () => {
    const doc = { 'a/b': { 'm~n': [1, { x: 2 }] } };
    expect(pointerTokens('/a~1b/m~0n/1/x')).toEqual(['a/b', 'm~n', '1', 'x']);
    expect(getAtPointer(doc, '/a~1b/m~0n/1/x')).toBe(2);
    replaceAtPointer(doc, '/a~1b/m~0n/0', 'one');
    expect(doc['a/b']['m~n'][0]).toBe('one');
    expect(() => getAtPointer(doc, '/missing')).toThrow(/no member/);
    expect(() => getAtPointer(doc, '/a~1b/m~0n/01')).toThrow(/no array element/);
  });
});
