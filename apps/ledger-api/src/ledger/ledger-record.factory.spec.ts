import { hash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, hashRecord, type LedgerRecord } from '@cip/integrity';
import { type RecordFields, buildHashedRecord, hashOfRecordText, inCanonicalOrder } from './ledger-record.factory';

const fields = fc.record({
  stream: fc.constantFrom('account-acct_1', 'access-acct_1'),
  revision: fc.nat({ max: 1_000_000 }),
  id: fc.uuid(),
  type: fc.constantFrom('AccountFlagged', 'AccessRecorded'),
  schema: fc.integer({ min: 1, max: 3 }),
  recordedAt: fc.constant('2026-12-01T04:19:46.123Z'),
  data: fc.dictionary(fc.string(), fc.jsonValue()),
  actor: fc.string({ minLength: 1 }),
  correlationId: fc.uuid(),
  prev: fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null }),
});

/** The record the fields stand for, built in the usual member order rather than the factory's canonical one. */
function conventionalRecord(f: RecordFields): LedgerRecord {
  return {
    v: 1,
    stream: f.stream,
    revision: f.revision,
    id: f.id,
    type: f.type,
    schema: f.schema,
    recordedAt: f.recordedAt,
    data: f.data,
    meta: { actor: f.actor, correlationId: f.correlationId },
    prev: f.prev,
  };
}

describe('buildHashedRecord', () => {
  it('property: hashes to what hashRecord gives for the same record built in any member order', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const { record, hash, text } = buildHashedRecord(f);
        const conventional = conventionalRecord(f);
        expect(hash).toBe(hashRecord(conventional));
        expect(text).toBe(canonicalJson(conventional));
        expect(canonicalJson(JSON.parse(text!))).toBe(text);
        // same content: compared as canonical text, since -0 and a `__proto__` member survive no JSON round trip
        expect(canonicalJson(record)).toBe(canonicalJson(conventional));
      }),
    );
  });

  it("property: any text at all (lone surrogates, odd numbers): the integrity library's text and hash, or its error", () => {
    // any UTF-16 code unit, lone surrogates included
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
    const text = fc.string({ unit: fc.oneof(codeUnit, fc.constantFrom('a', '"', '\\', '😀')), maxLength: 12 });
    const anyFields = fc.record({
      stream: text,
      revision: fc.oneof(fc.nat(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1.5)),
      id: text,
      type: text,
      schema: fc.integer(),
      recordedAt: text,
      data: fc.dictionary(text, fc.jsonValue({ stringUnit: fc.oneof(codeUnit, fc.constant('x')) })),
      actor: text,
      correlationId: text,
      prev: fc.option(text, { nil: null }),
    });
    fc.assert(
      fc.property(anyFields, (f) => {
        const conventional = conventionalRecord(f);
        const outcome = (build: () => { text?: string; hash: string }) => {
          try {
            const { text, hash } = build();
            return { text, hash };
          } catch (error) {
            return { error: (error as Error).constructor.name };
          }
        };
        const expected = outcome(() => ({ text: canonicalJson(conventional), hash: hashRecord(conventional) }));
        expect(outcome(() => buildHashedRecord(f))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('property: writes records whose JSON text is their canonical text', () => {
    fc.assert(
      fc.property(fields, (f) => {
        const { record } = buildHashedRecord(f);
        // integer-like member names are enumerated first by the engine, and objects with a `__proto__` member
        // are left as they are (inCanonicalOrder): such objects keep their own order
        fc.pre(!JSON.stringify(record).match(/"(\d+|__proto__)":/));
        expect(JSON.stringify(record)).toBe(canonicalJson(record));
      }),
    );
  });
});

describe('hashOfRecordText', () => {
  it('property: is SHA-256 of a zero byte and the UTF-8 text, for any text of any length', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      // longer than the buffer it starts with, so that it grows
      fc.string({ unit: 'binary', minLength: 6_000, maxLength: 7_000 }),
    );
    fc.assert(
      fc.property(fc.array(texts, { minLength: 1, maxLength: 5 }), (batch) => {
        for (const text of batch) expect(hashOfRecordText(text)).toBe(hash('sha256', '\u0000' + text, 'hex'));
      }),
      { numRuns: 50 },
    );
  });
});

describe('inCanonicalOrder', () => {
  it('property: orders members by UTF-16 code units at any width, as JSON.stringify of sorted keys would', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.nat(), { maxKeys: 40 }), (object) => {
        fc.pre(!Object.keys(object).some((key) => key === '__proto__' || /^\d+$/.test(key)));
        expect(Object.keys(inCanonicalOrder(object))).toEqual(Object.keys(object).sort());
      }),
    );
  });

  it('sorts members at every depth, keeps arrays in order and drops undefined members', () => {
    const copy = inCanonicalOrder({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } });
    expect(JSON.stringify(copy)).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('leaves an object with a __proto__ member as it is', () => {
    const value = JSON.parse('{"b":1,"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(inCanonicalOrder(value)).toBe(value);
  });
});
