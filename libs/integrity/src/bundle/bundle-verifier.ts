import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import * as tar from 'tar';
import { type Checkpoint, openCheckpoint } from '../checkpoint/checkpoint';
import type { NoteVerifier } from '../checkpoint/note-keys';
import { MerkleFrontier } from '../merkle/merkle-frontier';
import { HASH_SIZE } from '../merkle/merkle-hash';
import { verifyConsistency, verifyInclusion } from '../merkle/merkle-proofs';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleManifest } from './bundle-format';
import { LineReader } from './line-reader';
import { LineRunReader } from './line-run-reader';
import { PREV_NULL, type RecordLinesOutcome } from './record-lines';
import { type ExaminedRun, WorkerExaminer, defaultVerifyWorkers, inThreadExaminer } from './record-lines-pool';
import { StreamHeads } from './stream-heads';
import { type VerifyCheck, type VerifyFailure, type VerifyReport, emptyChecks } from './verify-report';

/** The bundle cannot be read at all (not found, not a bundle, unreadable manifest): a usage problem, not tampering. */
export class BundleInputError extends Error {
  override readonly name = 'BundleInputError';
}

export interface VerifyBundleOptions {
  /** the keys the auditor trusts; the bundle's own ledger.vkey is never trusted */
  trustedKeys: readonly NoteVerifier[];
  /** called as records.ndjson is read */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * worker threads that check and hash the records while this thread follows chains, tree and checkpoints in
   * order; 0 keeps everything in this thread. Default: defaultVerifyWorkers(size of records.ndjson), one per
   * core for a file of more than 64 MiB, else 0.
   */
  workers?: number;
  /** bytes of records.ndjson per run of lines handed out at a time (default 1 MiB) */
  runBytes?: number;
  /**
   * false: re-canonicalise every record with the reference serialiser (canonicalJson) rather than the native
   * fast path; the report is the same (the tests compare the two), only slower
   */
  fastCanonical?: boolean;
}

const DEFAULT_RUN_BYTES = 1 << 20;

interface TrustedCheckpoint {
  checkpoint: Checkpoint;
  size: number;
  signedBy: string[];
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * Verifies an evidence bundle (a directory or a .tar.gz) against the trusted keys: every check of integrity
 * format section 4. Never throws for what the bundle holds (every problem becomes a failure in the report);
 * throws BundleInputError only when there is no bundle to read. Memory grows with the number of streams and
 * checkpoints, not of records: records.ndjson is streamed and the tree is kept as its O(log n) frontier.
 */
export async function verifyBundle(bundlePath: string, options: VerifyBundleOptions): Promise<VerifyReport> {
  if (!fs.existsSync(bundlePath)) throw new BundleInputError(`${bundlePath} does not exist`);
  if (fs.statSync(bundlePath).isDirectory()) return verifyBundleDirectory(bundlePath, bundlePath, options);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-bundle-'));
  try {
    try {
      await tar.x({ file: bundlePath, cwd: scratch, strict: true });
    } catch (error) {
      throw new BundleInputError(
        `${bundlePath} is neither a bundle directory nor a readable .tar.gz: ${(error as Error).message}`,
      );
    }
    // a tarball of the directory itself (one top folder) or of its contents
    const entries = fs.readdirSync(scratch);
    const root =
      entries.length === 1 && fs.statSync(path.join(scratch, entries[0])).isDirectory()
        ? path.join(scratch, entries[0])
        : scratch;
    return await verifyBundleDirectory(root, bundlePath, options);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function verifyBundleDirectory(
  dir: string,
  shownPath: string,
  options: VerifyBundleOptions,
): Promise<VerifyReport> {
  const manifest = readManifest(dir);
  const ledgerScope = manifest.scope === 'ledger';
  const checks = emptyChecks(manifest.scope);
  const fail = (check: VerifyCheck, failure: VerifyFailure) => {
    const result = checks[check];
    result.failures++;
    result.first ??= failure;
  };
  const pass = (check: VerifyCheck, count = 1) => {
    checks[check].checked += count;
  };
  const digests = new Map<string, string>();
  const fileDigest = (name: string) => {
    if (!digests.has(name))
      digests.set(
        name,
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, name)))
          .digest('hex'),
      );
    return digests.get(name)!;
  };

  // ---- checkpoints: signatures, then the trusted ones in size order ----
  const trusted: TrustedCheckpoint[] = [];
  const checkpointDir = path.join(dir, BUNDLE_FILES.checkpointsDir);
  const noteFiles = fs.existsSync(checkpointDir)
    ? fs.readdirSync(checkpointDir).filter((name) => name.endsWith('.note'))
    : [];
  for (const name of noteFiles.sort((a, b) => parseInt(a, 10) - parseInt(b, 10))) {
    const file = `${BUNDLE_FILES.checkpointsDir}/${name}`;
    pass('signatures');
    try {
      const note = fs.readFileSync(path.join(dir, file), 'utf8');
      const opened = openCheckpoint(note, options.trustedKeys, manifest.origin);
      const size = Number(opened.checkpoint.treeSize);
      if (name !== `${opened.checkpoint.treeSize}.note`) {
        fail('signatures', {
          message: `${file} holds a checkpoint of tree size ${size}`,
          file,
          treeSize: size,
          expected: name,
          found: `${size}.note`,
        });
        continue;
      }
      trusted.push({
        checkpoint: opened.checkpoint,
        size,
        signedBy: opened.opened.verified.map((s) => `${s.name}+${s.keyId}`),
      });
    } catch (error) {
      fail('signatures', { message: `${file}: ${(error as Error).message}`, file, treeSize: parseInt(name, 10) });
    }
  }
  trusted.sort((a, b) => a.size - b.size);
  const newest = trusted.length > 0 ? trusted[trusted.length - 1] : undefined;
  if (trusted.length === 0) fail('signatures', { message: 'the bundle holds no checkpoint signed by a trusted key' });

  // ---- consistency between consecutive trusted checkpoints ----
  const consistencyProofs = new Map<string, { proof: Buffer[]; line: number }>();
  readSmallNdjson(
    dir,
    BUNDLE_FILES.consistency,
    (value, line) => {
      const entry = value as { from?: unknown; to?: unknown; proof?: unknown };
      const proof = parseHashList(entry.proof);
      if (typeof entry.from !== 'number' || typeof entry.to !== 'number' || proof === undefined) {
        fail('consistency', {
          message: `line ${line} is not {"from","to","proof"}`,
          file: BUNDLE_FILES.consistency,
          line,
        });
        return;
      }
      consistencyProofs.set(`${entry.from}:${entry.to}`, { proof, line });
    },
    (message, line) => fail('consistency', { message, file: BUNDLE_FILES.consistency, line }),
  );
  for (let i = 1; i < trusted.length; i++) {
    const from = trusted[i - 1];
    const to = trusted[i];
    pass('consistency');
    const entry = consistencyProofs.get(`${from.size}:${to.size}`);
    const at = { file: BUNDLE_FILES.consistency, fromTreeSize: from.size, treeSize: to.size };
    if (entry === undefined) {
      fail('consistency', { ...at, message: `no consistency proof from tree size ${from.size} to ${to.size}` });
    } else if (!verifyConsistency(from.size, to.size, from.checkpoint.rootHash, to.checkpoint.rootHash, entry.proof)) {
      fail('consistency', {
        ...at,
        line: entry.line,
        message: `the checkpoint of tree size ${to.size} is not consistent with the one of tree size ${from.size}`,
      });
    }
  }

  // ---- records: format, hash, chain, tree; proofs for an account bundle ----
  const chains = new StreamHeads();
  const frontier = new MerkleFrontier();
  const checkpointsBySize = new Map(trusted.map((c) => [c.size, c]));
  if (ledgerScope && checkpointsBySize.has(0)) compareRoot(0, frontier.root());
  const proofReader =
    !ledgerScope && fs.existsSync(path.join(dir, BUNDLE_FILES.proofs))
      ? new LineReader(path.join(dir, BUNDLE_FILES.proofs))
      : undefined;
  const recordsFile = path.join(dir, BUNDLE_FILES.records);
  let records = 0;
  let previousLeaf = -1;
  let unsealed = 0;
  let firstUnsealed: number | undefined;
  let bytes = 0;

  function compareRoot(size: number, root: Buffer): void {
    const checkpoint = checkpointsBySize.get(size)!;
    pass('roots');
    if (!root.equals(checkpoint.checkpoint.rootHash)) {
      fail('roots', {
        message: `the records give another root at tree size ${size} than the signed checkpoint`,
        treeSize: size,
        expected: checkpoint.checkpoint.rootHash.toString('hex'),
        found: root.toString('hex'),
      });
    }
  }

  /** The checks that follow the log in order, over one examined run of lines (line firstLine + 1 on). */
  function followRun(run: RecordLinesOutcome, firstLine: number): void {
    let nextFailure = 0;
    const prevs = new Uint32Array(run.prevs.buffer, run.prevs.byteOffset, run.prevs.length / 4);
    const hashes = new Uint32Array(run.hashes.buffer, run.hashes.byteOffset, run.hashes.length / 4);
    for (let i = 0; i < run.lines; i++) {
      const lineNumber = firstLine + i + 1;
      records++;
      pass('records');
      const leaf = Number.isNaN(run.leaves[i]) ? undefined : run.leaves[i];
      const stream = run.streams[i] ?? undefined;
      const revision = stream === undefined ? undefined : run.revisions[i];
      if (run.failures[nextFailure]?.index === i) {
        fail('records', {
          message: `line ${lineNumber}: ${run.failures[nextFailure++].message}`,
          file: BUNDLE_FILES.records,
          line: lineNumber,
          leaf,
        });
      }
      const position = leaf ?? previousLeaf + 1;
      const expectedLeaf = previousLeaf + 1;
      if (leaf !== undefined && (ledgerScope ? leaf !== expectedLeaf : leaf <= previousLeaf)) {
        fail('records', {
          message: ledgerScope
            ? `leaf ${leaf} is at the place of leaf ${expectedLeaf} (${leaf < expectedLeaf ? 'repeated or out of order' : 'leaves missing before it'})`
            : `leaf ${leaf} comes after leaf ${previousLeaf}: leaves must increase`,
          file: BUNDLE_FILES.records,
          line: lineNumber,
          leaf,
          stream,
          revision,
          expected: ledgerScope ? String(expectedLeaf) : `> ${previousLeaf}`,
          found: String(leaf),
        });
      }
      previousLeaf = ledgerScope ? previousLeaf + 1 : Math.max(previousLeaf, position);

      if (stream !== undefined && revision !== undefined) {
        pass('chain');
        const broken = chains.follow(stream, revision, run.links[i] === PREV_NULL, prevs, hashes, i, position);
        if (broken !== undefined) {
          fail('chain', {
            message:
              broken.problem === 'revision'
                ? `revision ${revision} where revision ${broken.expected} of the stream should come`
                : `prev is not the hash of revision ${revision - 1}` +
                  (broken.previousLeaf !== undefined ? ` (leaf ${broken.previousLeaf})` : ''),
            leaf: position,
            stream,
            revision,
            expected: broken.expected,
            found: broken.found,
          });
        }
      }

      if (newest === undefined || position >= newest.size) {
        unsealed++;
        firstUnsealed ??= position;
      } else if (proofReader !== undefined || !ledgerScope) {
        pass('inclusion');
        const hash = Buffer.from(run.hashes.buffer, run.hashes.byteOffset + i * HASH_SIZE, HASH_SIZE);
        const failure = checkInclusion(proofReader, position, hash, newest);
        if (failure) fail('inclusion', { ...failure, leaf: position, stream, revision });
      }
    }
    // the run's part of the tree, hashed with it: roots at the checkpoints inside it, then the frontier moves on
    const subtrees = run.subtrees ?? [];
    for (let k = 0; k < subtrees.length; k++) {
      const { size, nodes } = subtrees[k];
      const reaching = k === subtrees.length - 1 ? frontier : frontier.clone();
      for (const node of nodes) reaching.appendSubtree(node.level, Buffer.from(node.hash, 'hex'));
      if (checkpointsBySize.has(size)) compareRoot(size, reaching.root());
    }
  }

  if (!fs.existsSync(recordsFile)) {
    fail('records', { message: `${BUNDLE_FILES.records} is missing`, file: BUNDLE_FILES.records });
  } else {
    const runBytes = options.runBytes ?? DEFAULT_RUN_BYTES;
    const reader = new LineRunReader(recordsFile, runBytes);
    const workers = options.workers ?? defaultVerifyWorkers(reader.size);
    const examiner = workers > 0 ? new WorkerExaminer(workers) : inThreadExaminer;
    const checkpointSizes = trusted.map((c) => c.size);
    const inFlight: { examined: Promise<ExaminedRun>; firstLine: number }[] = [];
    let lines = 0;
    let lastProgress = 0;
    const followOldest = async () => {
      const { examined, firstLine } = inFlight.shift()!;
      const { outcome, bytes: done } = await examined;
      followRun(outcome, firstLine);
      reader.recycle(done);
      if (reader.bytesRead - lastProgress >= 1 << 24) {
        lastProgress = reader.bytesRead;
        options.onProgress?.(reader.bytesRead, reader.size);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    try {
      for (let run = reader.next(); run !== undefined; run = reader.next()) {
        const first = lines;
        lines += run.lineEnds.length;
        const examined = examiner.examine({
          bytes: run.bytes,
          lineEnds: run.lineEnds,
          firstPosition: ledgerScope ? first : undefined,
          treeSizes: ledgerScope ? checkpointSizes.filter((size) => size > first && size < lines) : [],
          canonical: options.fastCanonical === false ? 'reference' : 'fast',
        });
        // awaited in order below; this only keeps a failure of a later run from counting as unhandled meanwhile
        examined.catch(() => undefined);
        inFlight.push({ examined, firstLine: first });
        // bounded work in flight: memory stays constant however large the file
        while (inFlight.length >= examiner.capacity) await followOldest();
      }
      while (inFlight.length > 0) await followOldest();
    } finally {
      reader.close();
      await examiner.close();
    }
    bytes = reader.bytesRead;
    options.onProgress?.(reader.bytesRead, reader.size);
    digests.set(BUNDLE_FILES.records, reader.sha256());
  }
  if (proofReader !== undefined) {
    let extra = 0;
    while (proofReader.next() !== undefined) extra++;
    if (extra > 0) fail('inclusion', { message: `${extra} proof line(s) without a record`, file: BUNDLE_FILES.proofs });
    digests.set(BUNDLE_FILES.proofs, proofReader.sha256());
  }
  if (ledgerScope) {
    for (const checkpoint of trusted) {
      if (checkpoint.size > frontier.size) {
        pass('roots');
        fail('roots', {
          message: `the checkpoint names tree size ${checkpoint.size} but the bundle holds ${frontier.size} leaves`,
          treeSize: checkpoint.size,
          expected: String(checkpoint.size),
          found: String(frontier.size),
        });
      }
    }
  }

  // ---- manifest: digests of every file, counts ----
  checkManifest(
    dir,
    manifest,
    records,
    trusted.length + 0,
    fileDigest,
    digests,
    fail,
    pass,
    noteFiles.length,
    consistencyProofs.size,
  );

  const report: VerifyReport = {
    ok: Object.values(checks).every((check) => check.failures === 0),
    bundle: {
      path: shownPath,
      format: manifest.format,
      origin: manifest.origin,
      scope: manifest.scope,
      treeSize: manifest.treeSize,
      createdAt: manifest.createdAt,
    },
    counts: {
      records,
      streams: chains.streamCount,
      checkpoints: trusted.length,
      proofs: checks.inclusion.checked,
      consistency: checks.consistency.checked,
      bytes,
    },
    checks,
    unsealed: { count: unsealed, firstLeaf: firstUnsealed },
  };
  if (newest !== undefined) {
    report.newestCheckpoint = {
      treeSize: newest.size,
      rootHash: newest.checkpoint.rootHash.toString('hex'),
      signedBy: newest.signedBy,
    };
  }
  return report;
}

function checkInclusion(
  proofs: LineReader | undefined,
  leaf: number,
  hash: Buffer,
  newest: TrustedCheckpoint,
): Omit<VerifyFailure, 'leaf'> | undefined {
  const line = proofs?.next();
  if (line === undefined) return { message: `no inclusion proof for leaf ${leaf}`, file: BUNDLE_FILES.proofs };
  const lineNumber = proofs!.lineNumber;
  const at = { file: BUNDLE_FILES.proofs, line: lineNumber, treeSize: newest.size };
  let entry: { leaf?: unknown; treeSize?: unknown; inclusion?: unknown };
  try {
    entry = JSON.parse(line.toString('utf8')) as typeof entry;
  } catch {
    return { ...at, message: `proof line ${lineNumber} is not JSON` };
  }
  const proof = parseHashList(entry.inclusion);
  if (entry.leaf !== leaf || entry.treeSize !== newest.size || proof === undefined) {
    return {
      ...at,
      message: `proof line ${lineNumber} is not the inclusion proof of leaf ${leaf} in tree size ${newest.size}`,
      expected: `leaf ${leaf}, treeSize ${newest.size}`,
      found: `leaf ${String(entry.leaf)}, treeSize ${String(entry.treeSize)}`,
    };
  }
  if (!verifyInclusion(leaf, newest.size, hash, proof, newest.checkpoint.rootHash)) {
    return { ...at, message: `leaf ${leaf} is not included in the signed tree of size ${newest.size} as given` };
  }
  return undefined;
}

function checkManifest(
  dir: string,
  manifest: BundleManifest,
  records: number,
  _trustedCount: number,
  fileDigest: (name: string) => string,
  streamed: Map<string, string>,
  fail: (check: VerifyCheck, failure: VerifyFailure) => void,
  pass: (check: VerifyCheck) => void,
  noteCount: number,
  consistencyCount: number,
): void {
  const present = listFiles(dir).filter((name) => name !== BUNDLE_FILES.manifest);
  for (const [name, expected] of Object.entries(manifest.files ?? {})) {
    pass('manifest');
    if (!present.includes(name)) {
      fail('manifest', { message: `${name} is listed in the manifest but missing`, file: name });
      continue;
    }
    const found = streamed.get(name) ?? fileDigest(name);
    if (found !== expected)
      fail('manifest', {
        message: 'the file does not have the SHA-256 the manifest lists',
        file: name,
        expected,
        found,
      });
  }
  for (const name of present) {
    if (!(name in (manifest.files ?? {})))
      fail('manifest', { message: `${name} is not listed in the manifest`, file: name });
  }
  const counts: [string, number, number | undefined][] = [
    ['records', records, manifest.counts?.records],
    ['checkpoints', noteCount, manifest.counts?.checkpoints],
    ['consistency', consistencyCount, manifest.counts?.consistency],
  ];
  if (manifest.scope === 'ledger') counts.push(['tree size', records, manifest.treeSize]);
  for (const [what, found, expected] of counts) {
    pass('manifest');
    if (found !== expected) {
      fail('manifest', {
        message: `the manifest counts ${String(expected)} ${what}, the bundle holds ${found}`,
        file: BUNDLE_FILES.manifest,
        expected: String(expected),
        found: String(found),
      });
    }
  }
}

function readManifest(dir: string): BundleManifest {
  const file = path.join(dir, BUNDLE_FILES.manifest);
  if (!fs.existsSync(file))
    throw new BundleInputError(`${dir} has no ${BUNDLE_FILES.manifest}: is it an evidence bundle?`);
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BundleManifest;
  } catch (error) {
    throw new BundleInputError(`${BUNDLE_FILES.manifest} is not JSON: ${(error as Error).message}`);
  }
  const format: unknown = (manifest as { format?: unknown } | null)?.format;
  if (format !== BUNDLE_FORMAT) {
    throw new BundleInputError(
      `${BUNDLE_FILES.manifest} is not of format ${BUNDLE_FORMAT} (found ${JSON.stringify(format)})`,
    );
  }
  if (typeof manifest.origin !== 'string' || typeof manifest.scope !== 'string' || typeof manifest.files !== 'object') {
    throw new BundleInputError(`${BUNDLE_FILES.manifest} lacks origin, scope or files`);
  }
  return manifest;
}

function readSmallNdjson(
  dir: string,
  name: string,
  each: (value: unknown, line: number) => void,
  bad: (message: string, line: number) => void,
): void {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return;
  const reader = new LineReader(file);
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    if (line.length === 0) continue;
    try {
      each(JSON.parse(line.toString('utf8')), reader.lineNumber);
    } catch {
      bad(`line ${reader.lineNumber} is not JSON`, reader.lineNumber);
    }
  }
}

function parseHashList(value: unknown): Buffer[] | undefined {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && HEX_HASH.test(item)))
    return undefined;
  return (value as string[]).map((item) => Buffer.from(item, 'hex'));
}

function listFiles(dir: string, prefix = ''): string[] {
  const names: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) names.push(...listFiles(dir, name));
    else names.push(name);
  }
  return names;
}
