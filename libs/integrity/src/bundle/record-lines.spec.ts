import fc from 'fast-check';
import { canonicalJson } from '../canonical/canonical-json';
import { generateNoteKey } from '../checkpoint/note-keys';
import type { LedgerRecord } from '../record/ledger-record';
import { buildTestLedger } from './bundle-test-ledger';
import { RECORD_LINE_EDITS } from './record-line-edits';
import { scanRecordLine, scannedRecordLine } from './record-line-scan';
import { PREV_HASH, PREV_NULL, type RecordLinesBatch, examineRecordLines } from './record-lines';

const ORIGIN = 'ledger.example.com/cip';
const ledger = buildTestLedger({
  count: 40,
  streams: 5,
  signer: generateNoteKey(ORIGIN).signer,
  origin: ORIGIN,
  checkpointSizes: [],
});
const canonicalLine = (leaf: number, record: unknown) => `{"leaf":${leaf},"record":${canonicalJson(record)}}`;
const ledgerLines = ledger.records.map(({ leaf, record }) => canonicalLine(leaf, record));

/** A run of lines as the verifier's reader hands it out: the bytes, and where each line ends. */
function run(lines: Uint8Array[], finalNewline: boolean): { bytes: Uint8Array; lineEnds: Int32Array } {
  const parts: Uint8Array[] = [];
  const ends: number[] = [];
  let length = 0;
  lines.forEach((line, i) => {
    parts.push(line);
    length += line.length;
    ends.push(length);
    if (i < lines.length - 1 || finalNewline) {
      parts.push(Buffer.from('\n'));
      length++;
    }
  });
  return { bytes: new Uint8Array(Buffer.concat(parts)), lineEnds: Int32Array.from(ends) };
}

/** Both routes over copies of the same run: every outcome must be the same, and the run's bytes untouched. */
function expectSameOutcomes(lines: Uint8Array[], finalNewline: boolean, treeSizes: number[] = []) {
  const { bytes, lineEnds } = run(lines, finalNewline);
  const batch = (canonical: RecordLinesBatch['canonical']): RecordLinesBatch => ({
    bytes: bytes.slice(),
    lineEnds: lineEnds.slice(),
    firstPosition: lines.length > 0 ? 0 : undefined,
    treeSizes,
    canonical,
  });
  const fast = batch('fast');
  const outcome = examineRecordLines(fast);
  expect(outcome).toEqual(examineRecordLines(batch('reference')));
  expect(Buffer.from(fast.bytes).equals(bytes)).toBe(true);
  return outcome;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('examineRecordLines: the route through proved lines gives what re-canonicalising gives', () => {
  it('hashes, streams, revisions and prevs of an untouched ledger, as hashRecord has them', () => {
    const outcome = expectSameOutcomes(ledgerLines.map(utf8), true, [7, 16]);
    expect(outcome.failures).toEqual([]);
    ledger.records.forEach(({ record, hash }, i) => {
      expect(Buffer.from(outcome.hashes.subarray(32 * i, 32 * i + 32)).toString('hex')).toBe(hash);
      expect(outcome.streams[i]).toBe(record.stream);
      expect(outcome.revisions[i]).toBe(record.revision);
      expect(outcome.links[i]).toBe(record.prev === null ? PREV_NULL : PREV_HASH);
      if (record.prev !== null) {
        expect(Buffer.from(outcome.prevs.subarray(32 * i, 32 * i + 32)).toString('hex')).toBe(record.prev);
      }
    });
  });

  it.each(RECORD_LINE_EDITS)(
    'a line with %s: same failure, or same hash of the re-canonicalised record',
    (_what, edit) => {
      expectSameOutcomes(
        ledgerLines.slice(0, 12).map((line) => utf8(edit(line))),
        false,
      );
    },
  );

  it('non-canonical forms of a well-formed record are hashed as their canonical form', () => {
    const { leaf, record, hash } = ledger.records[9];
    const { v, ...others } = record;
    const variants = [
      JSON.stringify({ leaf, record: { v, ...others } }),
      JSON.stringify({ leaf, record }, null, 1),
      canonicalLine(leaf, record).replace('"AccessRecorded"', '"\\u0041ccessRecorded"'),
      canonicalLine(leaf, record).replace('"v":1}', '"v":1.0}'),
      canonicalLine(leaf, record).replace(`{"leaf":${leaf}`, `{"leaf":${leaf}.0`),
    ];
    const outcome = expectSameOutcomes(variants.map(utf8), true);
    expect(outcome.failures).toEqual([]);
    for (let i = 0; i < variants.length; i++) {
      expect(Buffer.from(outcome.hashes.subarray(32 * i, 32 * i + 32)).toString('hex')).toBe(hash);
    }
  });

  it('reports a lone surrogate, invalid UTF-8 and garbage with the same words on both routes', () => {
    const { leaf, record } = ledger.records[5];
    const surrogate = JSON.stringify({ leaf, record: { ...record, data: { ...record.data, ip: '\ud800' } } });
    const invalid = utf8(ledgerLines[6]);
    invalid[ledgerLines[6].indexOf('"access"') + 2] = 0xc0;
    const outcome = expectSameOutcomes(
      [utf8(surrogate), invalid, utf8('{'), utf8(''), utf8('{"leaf":2}'), utf8(ledgerLines[7])],
      false,
    );
    expect(outcome.failures.map((failure) => failure.index)).toEqual([0, 2, 3, 4]);
    expect(outcome.failures[0].message).toMatch(/lone surrogate/);
  });
});

const plainNameUnit = fc
  .integer({ min: 0x20, max: 0x7e })
  .filter((code) => code !== 0x22 && code !== 0x5c)
  .map((code) => String.fromCharCode(code));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const plainName = fc.string({ unit: plainNameUnit, maxLength: 6 });
// JSON values whose member names are plain ASCII (what the scanner proves), with any text in them
const { value: plainNamedValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 2 },
    anyText,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(plainName, tie('value'), { maxKeys: 3 }),
  ),
}));
const anyObject = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(plainName, plainNamedValue, { maxKeys: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.jsonValue({ stringUnit: 'binary', maxDepth: 2 }),
      {
        maxKeys: 3,
      },
    ),
  },
);
const hashHex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));

/** Records with anything in them, most well-formed (and those with a lone surrogate have no canonical form). */
const records: fc.Arbitrary<LedgerRecord> = fc.record({
  v: fc.constant(1 as const),
  stream: anyText,
  revision: fc.oneof(fc.nat(), fc.maxSafeNat()),
  id: fc.uuid(),
  type: anyText,
  schema: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 99 }) }, { weight: 1, arbitrary: fc.nat() }),
  recordedAt: fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  data: anyObject,
  meta: fc.tuple(anyText, anyObject).map(([actor, more]) => ({ ...more, actor })),
  prev: fc.option(hashHex, { nil: null }),
});

/** The line of a record, canonical when asked and the record has a canonical form (no lone surrogate). */
function lineOf(leaf: number, record: LedgerRecord, canonical: boolean): string {
  try {
    if (canonical) return canonicalLine(leaf, record);
  } catch {
    // a lone surrogate: written as JSON.stringify writes it
  }
  return JSON.stringify({ leaf, record });
}

/** One line of a run: from the test ledger (perhaps edited), of an arbitrary record, or garbage; then perhaps bytes changed. */
const byteChange = fc.record({ at: fc.nat(), remove: fc.nat({ max: 2 }), insert: fc.uint8Array({ maxLength: 3 }) });
const lines = fc
  .tuple(
    fc.oneof(
      { weight: 2, arbitrary: fc.nat({ max: ledgerLines.length - 1 }).map((k) => ledgerLines[k]) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.nat({ max: ledgerLines.length - 1 }), fc.constantFrom(...RECORD_LINE_EDITS))
          .map(([k, [, edit]]) => edit(ledgerLines[k])),
      },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.maxSafeNat(), records, fc.boolean())
          .map(([leaf, record, canonical]) => lineOf(leaf, record, canonical)),
      },
      { weight: 1, arbitrary: fc.constantFrom('', '{', '"x"', 'null', '[]', '{"leaf":1}', '{"leaf":2,"record":', ' ') },
    ),
    fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: byteChange }),
  )
  .map(([text, change]) => {
    const bytes = utf8(text);
    if (change === null) return bytes;
    const k = change.at % (bytes.length + 1);
    // a newline would make two lines of one
    const insert = change.insert.filter((byte) => byte !== 0x0a);
    return Buffer.concat([bytes.subarray(0, k), insert, bytes.subarray(Math.min(bytes.length, k + change.remove))]);
  });

describe('examineRecordLines: both routes agree on arbitrary runs', () => {
  it('gives identical outcomes (hashes, failures and their words, leaves, streams, revisions, prevs, subtrees)', () => {
    let proved = 0;
    let arbitraryProved = 0;
    fc.assert(
      fc.property(
        fc.array(lines, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat()),
        (run, finalNewline, sizes) => {
          const treeSizes = [...new Set(sizes.map((size) => 1 + (size % run.length)))]
            .filter((size) => size < run.length)
            .sort((a, b) => a - b);
          expectSameOutcomes(run, finalNewline, treeSizes);
          for (const line of run) {
            if (!scanRecordLine(Buffer.from(line), 0, line.length, scannedRecordLine())) continue;
            proved++;
            if (!ledgerLines.includes(line.toString())) arbitraryProved++;
          }
        },
      ),
      { numRuns: 1000 },
    );
    // both routes must have been taken often, the proved one also by records unlike the test ledger's
    expect(proved).toBeGreaterThan(1000);
    expect(arbitraryProved).toBeGreaterThan(300);
  });
});
