import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { rangeSubtrees } from '../merkle/merkle-range';
import type { LedgerRecord } from '../record/ledger-record';
import { assertLedgerRecord } from '../record/record-format';
import { hashRecords } from '../record/record-hash';
import { scanRecordLine, scannedRecordLine } from './record-line-scan';

/** A run of whole lines of records.ndjson, as the verifier hands them out to be examined. */
export interface RecordLinesBatch {
  /** the lines' bytes, each line ended by a newline except perhaps the last one of the file */
  bytes: Uint8Array;
  /** where each line ends (offset of its newline, or bytes.length) */
  lineEnds: Int32Array;
  /** the tree position of the first line; for a full-ledger bundle, whose lines are the tree's leaves */
  firstPosition?: number;
  /** tree sizes after one of these lines whose subtrees are wanted (checkpoints inside the run) */
  treeSizes: number[];
  /**
   * 'fast': a line proved to hold its record in canonical form already (record-line-scan.ts) is hashed as it
   * stands, any other line goes the full route (parse, check, re-canonicalise natively); 'reference': every
   * line goes the full route and every record through the reference serialiser (canonicalJson), to compare
   */
  canonical: 'fast' | 'reference';
}

/**
 * What a run of lines holds, line by line: everything the verifier checks in order needs, in compact form
 * (typed arrays of their own, which move between threads without copying).
 */
export interface RecordLinesOutcome {
  lines: number;
  /** the leaf index the line claims; NaN when the line could not be read that far */
  leaves: Float64Array;
  /** per line: NO_RECORD, or for a well-formed record PREV_NULL or PREV_HASH */
  links: Uint8Array;
  /** for a line holding a well-formed record: its stream and revision (null and NaN otherwise) */
  streams: (string | null)[];
  revisions: Float64Array;
  /** 32 bytes per line: the record's prev when it has one */
  prevs: Uint8Array;
  /** 32 bytes per line: its leaf hash, of the record as re-canonicalised, or of the line's bytes if it has none */
  hashes: Uint8Array;
  /** why a line failed the records check, in line order (index within the run) */
  failures: { index: number; message: string }[];
  /** for firstPosition: the complete subtrees (level, hex hash) of the run up to each of treeSizes and its end */
  subtrees?: { size: number; nodes: { level: number; hash: string }[] }[];
}

export const NO_RECORD = 0;
export const PREV_NULL = 1;
export const PREV_HASH = 2;

const HASH_GROUP = 128;
const LINE_SHAPE = 'a line of records.ndjson is {"leaf": <index>, "record": {...}}';

/**
 * Checks every line of a run as {"leaf", "record"} with a well-formed record and hashes the record's canonical
 * form, exactly as if each line were parsed and its record re-canonicalised from the parsed value (never
 * trusting the line's bytes); with a first position, also hashes the run's part of the Merkle tree. Pure
 * computation: it runs in the verifier's thread or in a worker thread alike (record-lines.worker.ts).
 *
 * Two routes, one outcome. A line the scanner proves to be `{"leaf":n,"record":<text>}` with <text> a
 * well-formed record that is exactly its own RFC 8785 form (canonical-scan.ts) is hashed from its bytes: they
 * are what re-canonicalising the parsed record would write. Every other line is parsed, checked with
 * assertLedgerRecord and re-canonicalised, which also words what is wrong with it.
 */
export function examineRecordLines(batch: RecordLinesBatch): RecordLinesOutcome {
  const { bytes, lineEnds } = batch;
  const lines = lineEnds.length;
  const outcome: RecordLinesOutcome = {
    lines,
    leaves: new Float64Array(lines).fill(NaN),
    links: new Uint8Array(lines),
    streams: new Array<string | null>(lines).fill(null),
    revisions: new Float64Array(lines).fill(NaN),
    prevs: new Uint8Array(lines * HASH_SIZE),
    hashes: new Uint8Array(lines * HASH_SIZE),
    failures: [],
  };
  const prevs = Buffer.from(outcome.prevs.buffer, 0, outcome.prevs.length);
  const hashes = Buffer.from(outcome.hashes.buffer, 0, outcome.hashes.length);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const scanned = scannedRecordLine();
  const group: LedgerRecord[] = [];
  const groupLines: number[] = [];
  let failedLate = false;
  const hashGroup = () => {
    const hashed = hashRecords(group);
    for (let k = 0; k < hashed.length; k++) {
      const i = groupLines[k];
      const result = hashed[k];
      if (typeof result === 'string') hashes.write(result, i * HASH_SIZE, 'hex');
      else {
        fail(outcome, hashes, view, i, i === 0 ? 0 : lineEnds[i - 1] + 1, lineEnds[i], result);
        failedLate = true;
      }
    }
    group.length = 0;
    groupLines.length = 0;
  };
  let start = 0;
  for (let i = 0; i < lines; i++) {
    const end = lineEnds[i];
    if (batch.canonical === 'fast' && scanRecordLine(view, start, end, scanned)) {
      outcome.leaves[i] = scanned.leaf;
      outcome.streams[i] = scanned.stream;
      outcome.revisions[i] = scanned.revision;
      if (scanned.prevIsNull) outcome.links[i] = PREV_NULL;
      else {
        outcome.links[i] = PREV_HASH;
        outcome.prevs.set(scanned.prev, i * HASH_SIZE);
      }
      hashes.write(leafHashOfBytes(bytes, view, scanned.recordStart, scanned.recordEnd), i * HASH_SIZE, 'latin1');
      start = end + 1;
      continue;
    }
    try {
      const parsed = JSON.parse(view.toString('utf8', start, end)) as {
        leaf?: unknown;
        record?: unknown;
      };
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        !Number.isSafeInteger(parsed.leaf) ||
        (parsed.leaf as number) < 0
      ) {
        throw new Error(LINE_SHAPE);
      }
      outcome.leaves[i] = parsed.leaf as number;
      assertLedgerRecord(parsed.record);
      const record = parsed.record;
      outcome.streams[i] = record.stream;
      outcome.revisions[i] = record.revision;
      if (record.prev === null) outcome.links[i] = PREV_NULL;
      else {
        outcome.links[i] = PREV_HASH;
        prevs.write(record.prev, i * HASH_SIZE, 'hex');
      }
      if (batch.canonical === 'fast') {
        group.push(record);
        groupLines.push(i);
        // hashed a group at a time: enough to share the per-call costs, few enough to die young in the heap
        if (group.length === HASH_GROUP) hashGroup();
      } else {
        hashes.write(hash('sha256', '\u0000' + canonicalJson(record), 'hex'), i * HASH_SIZE, 'hex');
      }
    } catch (error) {
      fail(outcome, hashes, view, i, start, end, error);
    }
    start = end + 1;
  }
  if (group.length > 0) hashGroup();
  // a record without a canonical form is found when its group is hashed, after later lines' failures
  if (failedLate) outcome.failures.sort((a, b) => a.index - b.index);
  if (batch.firstPosition !== undefined && lines > 0) {
    const sizes = [...batch.treeSizes, batch.firstPosition + lines];
    const subtrees = rangeSubtrees(batch.firstPosition, outcome.hashes, sizes);
    outcome.subtrees = sizes.map((size, k) => ({
      size,
      nodes: subtrees[k].map((node) => ({ level: node.level, hash: node.hash.toString('hex') })),
    }));
  }
  return outcome;
}

/**
 * SHA-256(0x00 || bytes[start, end)) as a latin1 string (the cheapest way out of crypto.hash, see
 * merkle-hash.ts). The byte before the record (the ':' of `"record":`) stands in for the 0x00 prefix while it
 * is hashed, so the record is not copied; it is put back, the run's bytes are left as they were given.
 */
function leafHashOfBytes(bytes: Uint8Array, view: Buffer, start: number, end: number): string {
  const before = bytes[start - 1];
  bytes[start - 1] = 0;
  const digest = hash('sha256', view.subarray(start - 1, end), 'binary');
  bytes[start - 1] = before;
  return digest;
}

/** A line without a well-formed record: reported, and hashed as its bytes to keep later leaves in place. */
function fail(
  outcome: RecordLinesOutcome,
  hashes: Buffer,
  view: Buffer,
  i: number,
  start: number,
  end: number,
  error: unknown,
) {
  outcome.failures.push({ index: i, message: error instanceof Error ? error.message : String(error) });
  const input = Buffer.allocUnsafe(end - start + 1);
  input[0] = 0;
  view.copy(input, 1, start, end);
  hashes.write(hash('sha256', input, 'hex'), i * HASH_SIZE, 'hex');
}
