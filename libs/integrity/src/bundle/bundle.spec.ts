import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateNoteKey, parseVerifierKey } from '../checkpoint/note-keys';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { leafHash } from '../merkle/merkle-hash';
import { MerkleTreeBuilder } from '../merkle/merkle-tree-builder';
import { hashRecord } from '../record/record-hash';
import { BUNDLE_FILES } from './bundle-format';
import { BundleInputError, verifyBundle } from './bundle-verifier';
import { writeBundle } from './bundle-writer';
import { buildTestLedger } from './bundle-test-ledger';
import type { VerifyCheck, VerifyReport } from './verify-report';

const ORIGIN = 'ledger.example.com/cip';
const key = generateNoteKey(ORIGIN);
const trustedKeys = [parseVerifierKey(key.verifierKey)];
const ledger = buildTestLedger({
  count: 40,
  streams: 3,
  signer: key.signer,
  origin: ORIGIN,
  checkpointSizes: [10, 25, 40],
});

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-bundle-spec-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

async function writeLedgerBundle(
  options: { scope?: string; leaves?: number[]; checkpoints?: string[]; tarGz?: boolean } = {},
) {
  const dir = path.join(scratch, `bundle-${++counter}`);
  const scope = options.scope ?? 'ledger';
  const wanted = options.leaves ? new Set(options.leaves) : undefined;
  await writeBundle({
    dir,
    origin: ORIGIN,
    scope,
    treeSize: 40,
    records: ledger.records.filter((r) => !wanted || wanted.has(r.leaf)),
    checkpoints: options.checkpoints ?? ledger.checkpoints,
    verifierKey: key.verifierKey,
    proofs: ledger.tree,
    createdAt: '2026-12-01T05:00:00.000Z',
    tarGzFile: options.tarGz ? `${dir}.tar.gz` : undefined,
  });
  return dir;
}

function recordLines(dir: string): string[] {
  return fs.readFileSync(path.join(dir, BUNDLE_FILES.records), 'utf8').trimEnd().split('\n');
}
function writeRecordLines(dir: string, lines: string[]): void {
  fs.writeFileSync(path.join(dir, BUNDLE_FILES.records), lines.join('\n') + '\n');
}
function failing(report: VerifyReport): VerifyCheck[] {
  return (Object.keys(report.checks) as VerifyCheck[]).filter((check) => report.checks[check].failures > 0);
}
/** The record line of `leaf` in the pristine ledger, parsed. */
const lineOf = (leaf: number) => ledger.records[leaf];

describe('bundle writer and verifier: an untouched bundle', () => {
  it('verifies a full-ledger bundle: every check holds', async () => {
    const report = await verifyBundle(await writeLedgerBundle(), { trustedKeys });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.counts).toMatchObject({ records: 40, streams: 3, checkpoints: 3 });
    expect(report.checks.roots).toMatchObject({ applies: true, checked: 3, failures: 0 });
    expect(report.checks.consistency).toMatchObject({ checked: 2, failures: 0 });
    expect(report.newestCheckpoint).toMatchObject({ treeSize: 40, rootHash: ledger.tree.root().toString('hex') });
    expect(report.unsealed.count).toBe(0);
  });

  it('verifies the same bundle packed as .tar.gz', async () => {
    const dir = await writeLedgerBundle({ tarGz: true });
    const report = await verifyBundle(`${dir}.tar.gz`, { trustedKeys });
    expect(report.ok).toBe(true);
    expect(report.counts.records).toBe(40);
  });

  it('verifies an account bundle by inclusion proofs against the newest checkpoint', async () => {
    const leaves = ledger.records.filter((r) => r.record.stream === 'account-1').map((r) => r.leaf);
    const dir = await writeLedgerBundle({ scope: '1', leaves });
    const report = await verifyBundle(dir, { trustedKeys });
    expect(failing(report)).toEqual([]);
    expect(report.checks.roots.applies).toBe(false);
    expect(report.checks.inclusion).toMatchObject({ applies: true, checked: leaves.length, failures: 0 });
    expect(report.counts.streams).toBe(1);
  });

  it('reports records after the newest checkpoint as unsealed, not as failures', async () => {
    const report = await verifyBundle(await writeLedgerBundle({ checkpoints: ledger.checkpoints.slice(0, 2) }), {
      trustedKeys,
    });
    expect(report.ok).toBe(true);
    expect(report.unsealed).toEqual({ count: 15, firstLeaf: 25 });
  });

  it('fails every signature check with an untrusted key, and says no trusted checkpoint exists', async () => {
    const other = parseVerifierKey(generateNoteKey(ORIGIN).verifierKey);
    const report = await verifyBundle(await writeLedgerBundle(), { trustedKeys: [other] });
    expect(report.ok).toBe(false);
    expect(report.checks.signatures.failures).toBe(4);
    expect(report.checks.signatures.first?.message).toMatch(/not signed by a trusted key/);
  });

  it('throws BundleInputError when there is no bundle to read', async () => {
    await expect(verifyBundle(path.join(scratch, 'nothing-here'), { trustedKeys })).rejects.toBeInstanceOf(
      BundleInputError,
    );
    const empty = fs.mkdtempSync(path.join(scratch, 'empty-'));
    await expect(verifyBundle(empty, { trustedKeys })).rejects.toThrow(/manifest.json/);
    const junk = path.join(scratch, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a tarball');
    await expect(verifyBundle(junk, { trustedKeys })).rejects.toBeInstanceOf(BundleInputError);
  });
});

describe('tampered bundles are reported with the exact place, never as a crash', () => {
  it('a changed data byte: the chain breaks at the next record of the stream and the roots differ', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    lines[7] = lines[7].replace('"console-login"', '"console-logix"');
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.ok).toBe(false);
    expect(failing(report)).toEqual(['manifest', 'chain', 'roots']);
    // leaf 7 is account-1 revision 2; the next record of account-1 is leaf 10, revision 3
    expect(report.checks.chain.first).toMatchObject({
      leaf: 10,
      stream: 'account-1',
      revision: 3,
      found: lineOf(7).hash,
    });
    expect(report.checks.chain.first?.message).toContain('(leaf 7)');
    expect(report.checks.roots.first).toMatchObject({ treeSize: 10 });
    expect(report.checks.manifest.first).toMatchObject({ file: 'records.ndjson' });
  });

  it('a changed byte in the last record of a stream is caught by the root', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    lines[39] = lines[39].replace('"svc-iam"', '"svc-iaM"');
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(failing(report)).toEqual(['manifest', 'roots']);
    expect(report.checks.roots.first).toMatchObject({ treeSize: 40 });
  });

  it('a removed record', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    lines.splice(12, 1); // leaf 12: account-0 revision 4
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.records.first).toMatchObject({
      leaf: 13,
      expected: '12',
      found: '13',
      stream: 'account-1',
      revision: 4,
    });
    expect(report.checks.chain.first).toMatchObject({
      leaf: 15,
      stream: 'account-0',
      revision: 5,
      expected: '4',
      found: '5',
    });
    expect(report.checks.roots.failures).toBeGreaterThan(0);
  });

  it('swapped records', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    [lines[4], lines[7]] = [lines[7], lines[4]]; // account-1 revisions 1 and 2
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.records.first).toMatchObject({ leaf: 7, expected: '4', stream: 'account-1', revision: 2 });
    expect(report.checks.chain.first).toMatchObject({ stream: 'account-1', revision: 2, expected: '1', found: '2' });
  });

  it('a duplicated record', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    lines.splice(6, 0, lines[5]);
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.records.first).toMatchObject({
      leaf: 5,
      expected: '6',
      found: '5',
      stream: 'account-2',
      revision: 1,
    });
    expect(report.checks.records.first?.message).toMatch(/repeated or out of order/);
    expect(report.checks.chain.first).toMatchObject({ stream: 'account-2', revision: 1, expected: '2', found: '1' });
  });

  it('an inserted record, even renumbered and correctly chained after it', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir).map((line) => JSON.parse(line));
    // insert a forged account-0 revision after leaf 3 (account-0 revision 1), renumbering every later leaf
    const forged = {
      ...lines[3].record,
      revision: 2,
      prev: hashRecord(lines[3].record),
      data: { ...lines[3].record.data, ip: '198.51.100.1' },
    };
    lines.splice(4, 0, { leaf: 4, record: forged });
    for (let i = 5; i < lines.length; i++) lines[i].leaf = i;
    writeRecordLines(
      dir,
      lines.map((line) => JSON.stringify(line)),
    );
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.ok).toBe(false);
    // account-0 revision 2 (now leaf 7) no longer follows: it finds revision 2 already taken by the forgery
    expect(report.checks.chain.first).toMatchObject({
      leaf: 7,
      stream: 'account-0',
      revision: 2,
      expected: '3',
      found: '2',
    });
    expect(report.checks.roots.first).toMatchObject({ treeSize: 10 });
  });

  it('a changed prev', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir).map((line) => JSON.parse(line));
    lines[9].record.prev = lineOf(0).hash; // account-0 revision 3 pointing back at revision 0
    writeRecordLines(
      dir,
      lines.map((line) => JSON.stringify(line)),
    );
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.chain.first).toMatchObject({
      leaf: 9,
      stream: 'account-0',
      revision: 3,
      expected: lineOf(6).hash,
      found: lineOf(0).hash,
    });
  });

  it('a forged checkpoint: another key, or a changed root under the real signature', async () => {
    const dir = await writeLedgerBundle();
    const forger = generateNoteKey(ORIGIN);
    const fakeRoot = leafHash('forged');
    fs.writeFileSync(
      path.join(dir, 'checkpoints/25.note'),
      signCheckpoint({ origin: ORIGIN, treeSize: 25n, rootHash: fakeRoot }, [forger.signer]),
    );
    const note40 = fs.readFileSync(path.join(dir, 'checkpoints/40.note'), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'checkpoints/40.note'),
      note40.replace(ledger.tree.root(40).toString('base64'), fakeRoot.toString('base64')),
    );
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.signatures.failures).toBe(2);
    expect(report.checks.signatures.first).toMatchObject({ file: 'checkpoints/25.note', treeSize: 25 });
    expect(report.checks.signatures.first?.message).toMatch(/not signed by a trusted key/);
    expect(report.newestCheckpoint?.treeSize).toBe(10);
    expect(report.unsealed.count).toBe(30);
  });

  it('a checkpoint rolled back to an inconsistent tree (validly signed, but of another history)', async () => {
    const dir = await writeLedgerBundle();
    // a fork: the same first 24 records, a different 25th, signed by the real key
    const fork = new MerkleTreeBuilder();
    for (let i = 0; i < 24; i++) fork.append(Buffer.from(lineOf(i).hash, 'hex'));
    fork.append(leafHash('another leaf 24'));
    fs.writeFileSync(
      path.join(dir, 'checkpoints/25.note'),
      signCheckpoint({ origin: ORIGIN, treeSize: 25n, rootHash: fork.root() }, [key.signer]),
    );
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.signatures.failures).toBe(0);
    expect(report.checks.consistency.first).toMatchObject({ fromTreeSize: 10, treeSize: 25 });
    expect(report.checks.consistency.failures).toBe(2);
    expect(report.checks.roots.first).toMatchObject({
      treeSize: 25,
      found: ledger.tree.root(25).toString('hex'),
      expected: fork.root().toString('hex'),
    });
  });

  it('a tampered account bundle names the leaf whose inclusion proof fails', async () => {
    const leaves = ledger.records.filter((r) => r.record.stream === 'account-2').map((r) => r.leaf);
    const dir = await writeLedgerBundle({ scope: '2', leaves });
    const lines = recordLines(dir);
    lines[3] = lines[3].replace('"access"', '"administrative"'); // leaf 11, account-2 revision 3
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.inclusion.first).toMatchObject({ leaf: 11, stream: 'account-2', revision: 3, treeSize: 40 });
    expect(report.checks.chain.first).toMatchObject({ leaf: 14, revision: 4 });
  });

  it('garbage lines and a wrong record shape are failures of the records check', async () => {
    const dir = await writeLedgerBundle();
    const lines = recordLines(dir);
    lines[2] = '{"leaf":2,"record":';
    lines[5] = lines[5].replace('"v":1', '"v":2');
    writeRecordLines(dir, lines);
    const report = await verifyBundle(dir, { trustedKeys });
    expect(report.checks.records.failures).toBe(2);
    expect(report.checks.records.first).toMatchObject({ line: 3, file: 'records.ndjson' });
    expect(report.ok).toBe(false);
  });
});

describe('the fast paths report exactly what the reference path reports', () => {
  // three ways through the same records: every record through the reference serialiser in this thread, in one
  // run of lines; the native canonical path in this thread; and the native path in two worker threads. The last
  // two in runs of a few lines, so that checkpoints fall inside runs and the tree is joined at every boundary.
  const paths = [
    { name: 'reference', options: { workers: 0, fastCanonical: false } },
    { name: 'fast', options: { workers: 0, runBytes: 900 } },
    { name: 'workers', options: { workers: 2, runBytes: 1500 } },
  ];
  const edit = (change: (lines: string[]) => void) => (dir: string) => {
    const lines = recordLines(dir);
    change(lines);
    writeRecordLines(dir, lines);
  };
  const reshape = (leaf: number, change: (line: { leaf: number; record: Record<string, unknown> }) => void) =>
    edit((lines) => {
      const line = JSON.parse(lines[leaf]) as { leaf: number; record: Record<string, unknown> };
      change(line);
      lines[leaf] = JSON.stringify(line);
    });
  // every row names its scope: Jest hands a test function with more parameters than the row a done callback
  const tamperings: [string, (dir: string) => void, string][] = [
    ['untouched', () => undefined, 'ledger'],
    [
      'a changed data byte',
      edit((lines) => (lines[7] = lines[7].replace('"console-login"', '"console-logix"'))),
      'ledger',
    ],
    ['a removed record', edit((lines) => lines.splice(12, 1)), 'ledger'],
    ['swapped records', edit((lines) => ([lines[4], lines[7]] = [lines[7], lines[4]])), 'ledger'],
    ['a duplicated record', edit((lines) => lines.splice(6, 0, lines[5])), 'ledger'],
    ['a changed prev', reshape(9, (line) => (line.record.prev = lineOf(0).hash)), 'ledger'],
    [
      'garbage, a blank line, a wrong shape',
      edit((lines) => lines.splice(2, 2, '{"leaf":2,"record":', '', '"x"')),
      'ledger',
    ],
    ['members out of order', reshape(20, (line) => (line.record = { v: 1, ...line.record })), 'ledger'],
    [
      'a lone surrogate',
      reshape(21, (line) => ((line.record.data as Record<string, unknown>).ip = '\ud800')),
      'ledger',
    ],
    [
      'a lone surrogate, then garbage on the next line',
      (dir) => {
        reshape(21, (line) => ((line.record.data as Record<string, unknown>).ip = '\ud800'))(dir);
        edit((lines) => (lines[22] = '{'))(dir);
      },
      'ledger',
    ],
    [
      'non-ASCII text',
      reshape(22, (line) => ((line.record.data as Record<string, unknown>).ip = 'caf\u00e9 \u{1f600}')),
      'ledger',
    ],
    [
      'no newline after the last line',
      (dir) => fs.writeFileSync(path.join(dir, BUNDLE_FILES.records), recordLines(dir).join('\n')),
      'ledger',
    ],
    [
      'a forged checkpoint',
      (dir) => fs.writeFileSync(path.join(dir, 'checkpoints/25.note'), ledger.checkpoints[0]),
      'ledger',
    ],
    ['a tampered account bundle', edit((lines) => (lines[3] = lines[3].replace('"access"', '"administrative"'))), '2'],
  ];

  it.each(tamperings)('%s', async (what, tamper, scope) => {
    const leaves = ledger.records.filter((r) => scope === 'ledger' || r.record.stream === `account-${scope}`);
    const dir = await writeLedgerBundle({ scope, leaves: leaves.map((r) => r.leaf) });
    tamper(dir);
    const reports = await Promise.all(paths.map(({ options }) => verifyBundle(dir, { trustedKeys, ...options })));
    const reference = reports[0];
    expect(reference.ok).toBe(what === 'untouched');
    for (let k = 1; k < paths.length; k++) {
      expect({ path: paths[k].name, report: reports[k] }).toEqual({ path: paths[k].name, report: reference });
    }
  });
});
