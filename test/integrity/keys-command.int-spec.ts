import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseVerifierKey, signCheckpoint, openCheckpoint } from '@cip/integrity';
import { readMasterKeyFile, readSigningKey } from '@cip/key-store';
import { runKeysGenerate } from '../../apps/ledger-cli/src/commands/keys.command';
import { captureIo } from './cli-support';

describe('cip-ledger keys generate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-keys-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a 0600 master key, a 0600 signing key and the verifier key beside it', () => {
    const io = captureIo();
    expect(runKeysGenerate({ dir, name: 'ledger.example.com/cip' }, io)).toBe(0);
    const mode = (file: string) => fs.statSync(path.join(dir, file)).mode & 0o777;
    expect(mode('master.key')).toBe(0o600);
    expect(mode('signing.key')).toBe(0o600);
    expect(readMasterKeyFile(path.join(dir, 'master.key'))).toHaveLength(32);
    expect(fs.readFileSync(path.join(dir, 'signing.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const vkey = fs.readFileSync(path.join(dir, 'signing.vkey'), 'utf8').trim();
    expect(vkey).toMatch(/^ledger\.example\.com\/cip\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(io.stdout()).toContain(`verifier key: ${vkey}`);
    // the pair works: a checkpoint signed with signing.key opens with signing.vkey
    const signer = readSigningKey(path.join(dir, 'signing.key'));
    const note = signCheckpoint({ origin: 'ledger.example.com/cip', treeSize: 1n, rootHash: Buffer.alloc(32, 1) }, [
      signer,
    ]);
    expect(openCheckpoint(note, [parseVerifierKey(vkey)]).checkpoint.treeSize).toBe(1n);
  });

  it('takes the key name from LEDGER_ORIGIN and the folder from LEDGER_DATA_DIR by default', () => {
    const io = captureIo({ LEDGER_ORIGIN: 'origin.example/x', LEDGER_DATA_DIR: dir });
    expect(runKeysGenerate({}, io)).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'keys', 'signing.vkey'), 'utf8')).toMatch(/^origin\.example\/x\+/);
  });

  it('refuses to overwrite without --force, with a message saying what to do', () => {
    expect(runKeysGenerate({ dir, name: 'a' }, captureIo())).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'master.key'), 'utf8');
    const io = captureIo();
    expect(runKeysGenerate({ dir, name: 'a' }, io)).toBe(2);
    expect(io.stderr()).toMatch(/already exist.*--force/s);
    expect(fs.readFileSync(path.join(dir, 'master.key'), 'utf8')).toBe(before);
    expect(runKeysGenerate({ dir, name: 'a', force: true }, captureIo())).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'master.key'), 'utf8')).not.toBe(before);
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a key name with a space', () => {
    const io = captureIo();
    expect(runKeysGenerate({ dir, name: 'bad name' }, io)).toBe(2);
    expect(io.stderr()).toMatch(/key name/);
  });
});
