import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { LedgerRecord } from './ledger-record';
import { hashRecord, hashRecords } from './record-hash';

// The package publishes only an `import` entry, which Jest's CommonJS resolver does not take; load its file.
const { default: canonicalize } = jest.requireActual<{ default: (value: unknown) => string | undefined }>(
  path.resolve(__dirname, '../../../../node_modules/canonicalize/lib/canonicalize.js'),
);

/** integrity format section 1, from the canonicalize package: SHA-256(0x00 || UTF-8(JCS(record))) */
const referenceHash = (record: unknown) =>
  createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(canonicalize(record)!, 'utf8')]))
    .digest('hex');

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
// data that now and then holds the text the batch is cut at, or non-ASCII text, or lone surrogates
const awkward = fc.oneof(
  fc.jsonValue(),
  fc.jsonValue({ stringUnit: 'binary' }),
  fc.constant([{ v: 1 }, { data: 2 }]),
  fc.constant({ text: '"v":1},{"data":' }),
  fc.constant({ lone: '\ud800' }),
);
const record = fc.record({
  v: fc.constant(1 as const),
  stream: fc.string({ minLength: 1 }),
  revision: fc.nat(),
  id: fc.uuid(),
  type: fc.string({ minLength: 1 }),
  schema: fc.integer({ min: 1, max: 9 }),
  recordedAt: fc.date({ noInvalidDate: true }).map((at) => at.toISOString()),
  data: fc.dictionary(fc.string(), awkward, { maxKeys: 4 }),
  meta: fc.record({ actor: fc.string() }),
  prev: fc.option(hex64, { nil: null }),
});
/** as parsed from a bundle line: members in canonical order */
const parsedBack = (value: LedgerRecord) => JSON.parse(canonicalize(value)!) as LedgerRecord;

describe('hashRecords: many records hashed together, each as hashRecord would', () => {
  it('gives every record the hash of integrity format section 1, or the error hashRecord throws', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.boolean(), (records, sorted) => {
        const input = records.map((r) => {
          try {
            return sorted ? parsedBack(r) : r;
          } catch {
            return r; // a lone surrogate: canonicalize writes an escape JSON.parse reads back the same
          }
        });
        const hashes = hashRecords(input);
        expect(hashes).toHaveLength(input.length);
        input.forEach((r, i) => {
          let expected: string | Error;
          try {
            expected = hashRecord(r);
          } catch (error) {
            expected = error as Error;
          }
          if (expected instanceof Error) {
            expect(hashes[i]).toBeInstanceOf(Error);
            expect((hashes[i] as Error).message).toBe(expected.message);
          } else {
            expect(hashes[i]).toBe(expected);
            expect(expected).toBe(referenceHash(r));
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('cuts a batch only where records meet, even when a record holds the boundary text', () => {
    const base = parsedBack({
      v: 1,
      stream: 'account-1',
      revision: 0,
      id: '8e5683c2-9d04-43c7-8abc-f20671b4ce17',
      type: 'AccessRecorded',
      schema: 1,
      recordedAt: '2026-12-01T00:00:00.000Z',
      data: {},
      meta: { actor: 'svc-iam' },
      prev: null,
    });
    const tricky = [
      base,
      { ...base, data: { list: [{ v: 1 }, { data: 1 }] } },
      { ...base, data: { note: 'caf\u00e9' } },
      base,
    ].map(parsedBack);
    expect(hashRecords(tricky)).toEqual(tricky.map(referenceHash));
  });
});
