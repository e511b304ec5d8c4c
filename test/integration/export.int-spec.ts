import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runExport } from '../../apps/ledger-cli/src/commands/export.command';
import { runVerify } from '../../apps/ledger-cli/src/commands/verify.command';
import { CheckpointSealer } from '../../apps/ledger-api/src/sealer/checkpoint-sealer.service';
import { openAccountBody } from '../e2e/support/fixtures';
import { type TestLedger, startTestLedger } from '../e2e/support/ledger-app';
import { captureIo } from '../integrity/cli-support';

// `cip-ledger export` against the SQLite log a running service writes, then `cip-ledger verify` on the
// bundle with the service's public key: exit 0 when intact, 1 after one byte is changed.

describe('cip-ledger export (integration)', () => {
  let ledger: TestLedger;
  let out: string;
  let vkey: string;
  let env: NodeJS.ProcessEnv;

  const post = (path: string, body: unknown) =>
    ledger
      .http()
      .post(path)
      .set('authorization', `Bearer ${ledger.keys.provider}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));

  beforeAll(async () => {
    ledger = await startTestLedger({
      env: { LEDGER_CHECKPOINT_EVERY_RECORDS: '3', LEDGER_CHECKPOINT_EVERY_SECONDS: '1' },
    });
    env = { LEDGER_DATA_DIR: ledger.dataDir };
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-export-'));
    for (const id of ['acct_x1', 'acct_x2', 'acct_x3'])
      expect((await post('/v1/accounts', openAccountBody(id))).status).toBe(201);
    const accesses = [1, 2, 3].map((n) => ({
      accountId: 'acct_x2',
      ip: `203.0.113.${n}`,
      at: new Date(Date.now() - n * 60_000).toISOString(),
      kind: 'access',
    }));
    expect((await post('/v1/access-records', accesses)).status).toBe(201);
    expect(
      (await post('/v1/accounts/acct_x2/customer-info-updates', { contact: { email: 'x2@example.org' } })).status,
    ).toBe(201);
    expect(
      (
        await ledger
          .http()
          .get('/v1/accounts/acct_x2/history?caseReference=LE-5')
          .set('authorization', `Bearer ${ledger.keys.investigator}`)
      ).status,
    ).toBe(200);
    // 8 leaves (the investigator's read is one); wait for the sealer (every 3 records or 1 s) to sign them all
    expect(await ledger.readLog()).toHaveLength(8);
    const sealer = ledger.app.get(CheckpointSealer);
    for (let i = 0; i < 500 && sealer.checkpoints.latest?.treeSize !== 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sealer.checkpoints.latest?.treeSize).toBe(8);
    vkey = sealer.verifierKey;
  });
  afterAll(async () => {
    await ledger.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('exports the whole ledger, and verify accepts it with the public key', async () => {
    const io = captureIo(env);
    const progress = new PassThrough();
    let drawn = '';
    progress.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    expect(await runExport(path.join(out, 'full'), { progress: true }, { ...io, progressStream: progress })).toBe(0);
    expect(io.stdout()).toContain('scope ledger, 8 records of 8 leaves');
    expect(io.stdout()).toContain('every leaf is covered by the newest checkpoint (tree size 8)');
    expect(drawn).toContain('8/8 records');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'full', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ scope: 'ledger', treeSize: 8, counts: { records: 8 } });
    expect(fs.readFileSync(path.join(out, 'full', 'ledger.vkey'), 'utf8').trim()).toBe(vkey);

    const verify = captureIo();
    expect(await runVerify(path.join(out, 'full'), { key: vkey }, verify)).toBe(0);
    expect(verify.stdout()).toMatch(/VERIFIED: every check holds\n$/);
  });

  it('exports one account as .tar.gz with inclusion proofs, and verify accepts it', async () => {
    const io = captureIo(env);
    expect(await runExport(path.join(out, 'acct_x2'), { account: 'acct_x2', tar: true }, io)).toBe(0);
    const lines = fs
      .readFileSync(path.join(out, 'acct_x2', 'records.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { leaf: number; record: { stream: string } });
    expect(lines.map((line) => line.record.stream)).toEqual([
      'account-acct_x2',
      'access-acct_x2',
      'access-acct_x2',
      'access-acct_x2',
      'account-acct_x2',
    ]);
    expect(lines.map((line) => line.leaf)).toEqual([1, 3, 4, 5, 6]);
    const verify = captureIo();
    expect(await runVerify(path.join(out, 'acct_x2.tar.gz'), { key: vkey }, verify)).toBe(0);
    expect(verify.stdout()).toMatch(/ok +inclusion proofs +5 checked/);
  });

  it('fails verification after one byte of the bundle is changed', async () => {
    const tampered = path.join(out, 'tampered');
    fs.cpSync(path.join(out, 'full'), tampered, { recursive: true });
    const file = path.join(tampered, 'records.ndjson');
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('"revision":1');
    expect(at).toBeGreaterThan(0);
    bytes[at + '"revision":'.length] = '2'.charCodeAt(0);
    fs.writeFileSync(file, bytes);
    const verify = captureIo();
    expect(await runVerify(tampered, { key: vkey }, verify)).toBe(1);
    expect(verify.stdout()).toMatch(/FAILED: .*manifest/);
    expect(verify.stdout()).toMatch(/FAIL +stream chains/);
  });

  it('refuses an unknown account, a non-empty directory and a data dir without a ledger (exit 2)', async () => {
    const unknown = captureIo(env);
    expect(await runExport(path.join(out, 'nobody'), { account: 'acct_nobody' }, unknown)).toBe(2);
    expect(unknown.stderr()).toContain('no account acct_nobody');
    const occupied = captureIo(env);
    expect(await runExport(path.join(out, 'full'), {}, occupied)).toBe(2);
    expect(occupied.stderr()).toContain('is not empty');
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-export-empty-'));
    fs.mkdirSync(path.join(empty, 'keys'));
    fs.copyFileSync(path.join(ledger.dataDir, 'keys', 'signing.vkey'), path.join(empty, 'keys', 'signing.vkey'));
    const missing = captureIo({ LEDGER_DATA_DIR: empty });
    expect(await runExport(path.join(out, 'none'), {}, missing)).toBe(2);
    expect(missing.stderr()).toContain('no ledger at');
    expect(fs.existsSync(path.join(empty, 'event-log.sqlite'))).toBe(false);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
