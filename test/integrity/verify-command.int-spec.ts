import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { generateNoteKey, writeBundle } from '@cip/integrity';
import { buildTestLedger } from '@cip/integrity/bundle/bundle-test-ledger';
import { runVerify } from '../../apps/ledger-cli/src/commands/verify.command';
import { captureIo } from './cli-support';

const ORIGIN = 'ledger.example.com/cip';

describe('cip-ledger verify', () => {
  const key = generateNoteKey(ORIGIN);
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-verify-cli-'));
    const ledger = buildTestLedger({
      count: 30,
      streams: 4,
      signer: key.signer,
      origin: ORIGIN,
      checkpointSizes: [8, 30],
    });
    bundle = path.join(dir, 'bundle');
    await writeBundle({
      dir: bundle,
      origin: ORIGIN,
      scope: 'ledger',
      treeSize: 30,
      records: ledger.records,
      checkpoints: ledger.checkpoints,
      verifierKey: key.verifierKey,
      proofs: ledger.tree,
      tarGzFile: `${bundle}.tar.gz`,
    });
    fs.writeFileSync(path.join(dir, 'trusted.vkey'), `# the operator's key\n${key.verifierKey}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and says VERIFIED for an intact bundle, with the key given inline or as a file', async () => {
    const io = captureIo();
    expect(await runVerify(bundle, { key: key.verifierKey }, io)).toBe(0);
    expect(io.stdout()).toContain('30 records in 4 streams, 2 trusted checkpoints');
    expect(io.stdout()).toMatch(/ok +checkpoint roots \(recomputed\) +2 checked/);
    expect(io.stdout()).toMatch(/VERIFIED: every check holds\n$/);
    expect(await runVerify(`${bundle}.tar.gz`, { key: path.join(dir, 'trusted.vkey') }, captureIo())).toBe(0);
  });

  it('exits 1 and names leaf, stream and revision of the first failure of each kind', async () => {
    const tampered = path.join(dir, 'tampered');
    fs.cpSync(bundle, tampered, { recursive: true });
    const file = path.join(tampered, 'records.ndjson');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[5] = lines[5].replace('"svc-iam"', '"svc-evil"'); // leaf 5: account-1 revision 1
    fs.writeFileSync(file, lines.join('\n'));
    const io = captureIo();
    expect(await runVerify(tampered, { key: key.verifierKey }, io)).toBe(1);
    const out = io.stdout();
    expect(out).toMatch(
      /FAIL +stream chains \(prev, revisions\) +1 of 30 failed; first: leaf 9, stream account-1, revision 2: prev is not the hash of revision 1 \(leaf 5\)/,
    );
    expect(out).toMatch(
      /FAIL +checkpoint roots \(recomputed\) +2 of 2 failed; first: tree size 8: the records give another root/,
    );
    expect(out).toMatch(
      /FAIL +manifest digests and counts .*first: records\.ndjson: the file does not have the SHA-256/,
    );
    expect(out).toMatch(/FAILED: manifest, chain, roots\n$/);

    const json = captureIo();
    expect(await runVerify(tampered, { key: key.verifierKey, json: true }, json)).toBe(1);
    const report = JSON.parse(json.stdout());
    expect(report.ok).toBe(false);
    expect(report.checks.chain.first).toMatchObject({ leaf: 9, stream: 'account-1', revision: 2 });
  });

  it('exits 1 when the bundle is signed by a key the auditor does not trust', async () => {
    const io = captureIo();
    expect(await runVerify(bundle, { key: generateNoteKey(ORIGIN).verifierKey }, io)).toBe(1);
    expect(io.stdout()).toMatch(/FAIL +checkpoint signatures .*not signed by a trusted key/);
  });

  it('exits 2 with what to do next when the bundle or key cannot be read', async () => {
    const missing = captureIo();
    expect(await runVerify(path.join(dir, 'no-such-bundle'), { key: key.verifierKey }, missing)).toBe(2);
    expect(missing.stderr()).toMatch(/does not exist\nPass the bundle directory or \.tar\.gz/);
    const badKey = captureIo();
    expect(await runVerify(bundle, { key: 'not-a-key' }, badKey)).toBe(2);
    expect(badKey.stderr()).toMatch(
      /neither a readable file nor a verifier key.*\nPass the ledger operator's verifier key/s,
    );
    expect(badKey.stdout()).toBe('');
  });

  it('draws a progress bar on request', async () => {
    const stream = new PassThrough();
    let drawn = '';
    stream.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const io = { ...captureIo(), progressStream: stream };
    expect(await runVerify(bundle, { key: key.verifierKey, progress: true }, io)).toBe(0);
    expect(drawn).toContain('verifying [');
  });
});
