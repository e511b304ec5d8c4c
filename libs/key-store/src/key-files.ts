import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, randomBytes } from 'node:crypto';
import { type NoteSigner, createNoteSigner, generateNoteKey, parseVerifierKey } from '@cip/integrity';

export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
}

export const MASTER_KEY_FILE = 'master.key';
export const SIGNING_KEY_FILE = 'signing.key';
export const VERIFIER_KEY_FILE = 'signing.vkey';

export interface GeneratedKeyFiles {
  masterKeyFile: string;
  signingKeyFile: string;
  verifierKeyFile: string;
  verifierKey: string;
}

/**
 * Writes a new master key (32 random bytes, base64, mode 0600), an Ed25519 signing key (PKCS#8 PEM, mode 0600)
 * and its verifier key `<name>+<hexid>+<base64>` (mode 0644) into `dir`. Refuses to overwrite any of them
 * unless `force`: overwriting a master key makes every sealed value unreadable.
 */
export function generateKeyFiles(options: { dir: string; name: string; force?: boolean }): GeneratedKeyFiles {
  const files = {
    masterKeyFile: path.join(options.dir, MASTER_KEY_FILE),
    signingKeyFile: path.join(options.dir, SIGNING_KEY_FILE),
    verifierKeyFile: path.join(options.dir, VERIFIER_KEY_FILE),
  };
  const existing = Object.values(files).filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !options.force) {
    throw new KeyFileError(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; replacing a master key makes every sealed ` +
        'value it protects unreadable. Pass --force to overwrite, or --dir to write elsewhere.',
    );
  }
  const signing = generateNoteKey(options.name);
  fs.mkdirSync(options.dir, { recursive: true });
  writeSecret(files.masterKeyFile, randomBytes(32).toString('base64') + '\n');
  writeSecret(files.signingKeyFile, signing.privateKeyPem);
  fs.writeFileSync(files.verifierKeyFile, signing.verifierKey + '\n', { mode: 0o644 });
  return { ...files, verifierKey: signing.verifierKey };
}

function writeSecret(file: string, content: string): void {
  // remove first so the mode applies even when a file with wider permissions existed (with --force)
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(file, 0o600);
}

/** Reads a master key file: base64 of exactly 32 bytes. */
export function readMasterKeyFile(file: string): Buffer {
  const text = readKeyFile(file, 'master key');
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32 || key.toString('base64') !== text.trim()) {
    throw new KeyFileError(
      `${file} is not a master key (base64 of 32 bytes); create one with \`cip-ledger keys generate\``,
    );
  }
  return key;
}

/**
 * The checkpoint signer from a signing key file (PKCS#8 PEM) and the verifier key beside it
 * (`signing.vkey` in the same folder unless given), which names the key. Both must be one key pair.
 */
export function readSigningKey(
  keyFile: string,
  verifierKeyFile = path.join(path.dirname(keyFile), VERIFIER_KEY_FILE),
): NoteSigner {
  const verifier = parseVerifierKey(readKeyFile(verifierKeyFile, 'verifier key'));
  let signer: NoteSigner;
  try {
    signer = createNoteSigner(verifier.name, createPrivateKey(readKeyFile(keyFile, 'signing key')));
  } catch (error) {
    throw new KeyFileError(`${keyFile} is not an Ed25519 private key in PKCS#8 PEM: ${(error as Error).message}`);
  }
  if (signer.verifierKey !== verifier.verifierKey) {
    throw new KeyFileError(`${keyFile} and ${verifierKeyFile} are not one key pair`);
  }
  return signer;
}

function readKeyFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(
      `cannot read the ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}
