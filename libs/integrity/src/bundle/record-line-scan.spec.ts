import fc from 'fast-check';
import { canonicalJson } from '../canonical/canonical-json';
import { generateNoteKey } from '../checkpoint/note-keys';
import type { LedgerRecord } from '../record/ledger-record';
import { assertLedgerRecord } from '../record/record-format';
import { buildTestLedger } from './bundle-test-ledger';
import { RECORD_LINE_EDITS as EDITS } from './record-line-edits';
import { scanRecordLine, scannedRecordLine } from './record-line-scan';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lineOf = (leaf: number, record: unknown) => `{"leaf":${leaf},"record":${canonicalJson(record)}}`;

const ORIGIN = 'ledger.example.com/cip';
const ledger = buildTestLedger({
  count: 30,
  streams: 4,
  signer: generateNoteKey(ORIGIN).signer,
  origin: ORIGIN,
  checkpointSizes: [],
});

/** Scans the line inside a longer buffer (other lines around it), as the verifier does. */
function scan(line: Uint8Array) {
  const bytes = Buffer.concat([utf8('{"leaf":0}\n'), line, utf8('\n{"leaf":1,')]);
  const found = scannedRecordLine();
  const proved = scanRecordLine(bytes, 11, 11 + line.length, found);
  return { proved, found, record: bytes.subarray(found.recordStart, found.recordEnd) };
}

/**
 * What a proof promises: JSON.parse of the line gives a whole leaf and a well-formed record, the record's
 * canonical text is exactly the bytes reported, and leaf, stream, revision and prev are the parsed ones.
 */
function expectProvedRight(line: Uint8Array): void {
  const { found, record } = scan(line);
  const parsed = JSON.parse(strictUtf8.decode(line)) as { leaf: unknown; record: unknown };
  expect(Number.isSafeInteger(parsed.leaf) && (parsed.leaf as number) >= 0).toBe(true);
  assertLedgerRecord(parsed.record);
  expect(utf8(canonicalJson(parsed.record)).equals(record)).toBe(true);
  expect(found).toMatchObject({ leaf: parsed.leaf, stream: parsed.record.stream, revision: parsed.record.revision });
  expect(found.prevIsNull).toBe(parsed.record.prev === null);
  if (parsed.record.prev !== null) expect(Buffer.from(found.prev).toString('hex')).toBe(parsed.record.prev);
}

const plainNameUnit = fc
  .integer({ min: 0x20, max: 0x7e })
  .filter((code) => code !== 0x22 && code !== 0x5c)
  .map((code) => String.fromCharCode(code));
const plainName = fc.string({ unit: plainNameUnit, maxLength: 8 });
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
const plainObject = fc.dictionary(
  plainName,
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ stringUnit: 'binary', maxDepth: 2 })),
  { maxKeys: 6 },
);
const hashHex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const digits = (count: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: count, maxLength: count });

/** Well-formed records of every kind: any stream and type text, any data, extreme numbers. */
const records: fc.Arbitrary<LedgerRecord> = fc.record({
  v: fc.constant(1 as const),
  stream: anyText.filter((text) => text.length > 0),
  revision: fc.oneof(fc.nat(), fc.maxSafeNat()),
  id: fc.uuid(),
  type: anyText.filter((text) => text.length > 0),
  schema: fc.oneof(
    fc.integer({ min: 1, max: 9 }),
    fc.maxSafeNat().filter((n) => n >= 1),
  ),
  recordedAt: fc
    .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), digits(3))
    .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`),
  data: plainObject,
  meta: fc.tuple(anyText, plainObject).map(([actor, more]) => ({ ...more, actor })),
  prev: fc.option(hashHex, { nil: null }),
});
const leaves = fc.oneof(fc.nat(), fc.maxSafeNat());

/** Whether every member name in the value is printable ASCII without '"' or '\' (what the scanner compares). */
function namesArePlain(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(namesArePlain);
  if (typeof value !== 'object' || value === null) return true;
  return Object.entries(value).every(
    ([name, member]) => /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(name) && namesArePlain(member),
  );
}

describe('scanRecordLine: lines it proves', () => {
  it('proves every line of the test ledger, finding leaf, stream, revision and prev', () => {
    for (const { leaf, record } of ledger.records) {
      const line = utf8(lineOf(leaf, record));
      expect(scan(line).proved).toBe(true);
      expectProvedRight(line);
    }
  });

  it('proves the line of any well-formed record whose member names are plain ASCII', () => {
    fc.assert(
      fc.property(leaves, records, (leaf, record) => {
        fc.pre(canonicalJsonOrUndefined(record) !== undefined);
        const line = utf8(lineOf(leaf, record));
        const { proved } = scan(line);
        if (namesArePlain(record)) expect(proved).toBe(true);
        if (proved) expectProvedRight(line);
      }),
      { numRuns: 2000 },
    );
  });
});

function canonicalJsonOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
}

describe('scanRecordLine: lines it declines', () => {
  it.each(EDITS)('declines a line with %s', (_what, edit) => {
    let edited = 0;
    for (const { leaf, record } of ledger.records.slice(0, 12)) {
      const original = lineOf(leaf, record);
      const line = edit(original);
      // (an edit of prev leaves the first record of each stream, whose prev is null, as it is)
      if (line === original) continue;
      edited++;
      expect(scan(utf8(line)).proved).toBe(false);
    }
    expect(edited).toBeGreaterThanOrEqual(8);
  });

  it('declines a line with a lone surrogate, an invalid UTF-8 byte, or a non-ASCII member name', () => {
    const { leaf, record } = ledger.records[3];
    const canonical = lineOf(leaf, record);
    expect(scan(utf8(canonical.replace('"access"', '"\\ud800"'))).proved).toBe(false);
    const invalid = utf8(canonical);
    invalid[canonical.indexOf('"access"') + 1] = 0xff;
    expect(scan(invalid).proved).toBe(false);
    const named = { ...record, data: { ...record.data, 'caf\u00e9': 1 } };
    expect(scan(utf8(lineOf(leaf, named))).proved).toBe(false);
  });

  it('never proves a line unless it holds a well-formed record in canonical form, whatever the edits', () => {
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 3 }),
      insert: fc.oneof(
        fc
          .constantFrom(' ', '"', '\\', '\\/', '\\u0041', '0', '1', '-', '.', 'e', '{', '}', ',', ':', '\u00e9')
          .map(utf8),
        fc.uint8Array({ maxLength: 3 }).map((bytes) => Buffer.from(bytes)),
      ),
    });
    fc.assert(
      fc.property(
        leaves,
        records,
        fc.array(fc.constantFrom(...EDITS.map(([, edit]) => edit)), { maxLength: 2 }),
        // often none, so that what the edits alone do is tried too
        fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 })),
        (leaf, record, edits, mutations) => {
          fc.pre(canonicalJsonOrUndefined(record) !== undefined);
          let bytes = utf8(edits.reduce((line, edit) => edit(line), lineOf(leaf, record)));
          for (const { at, remove, insert } of mutations) {
            const k = at % (bytes.length + 1);
            bytes = Buffer.concat([bytes.subarray(0, k), insert, bytes.subarray(Math.min(bytes.length, k + remove))]);
          }
          if (scan(bytes).proved) expectProvedRight(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
