import path from 'node:path';
import type { Command } from 'commander';
import { KeyFileError, generateKeyFiles } from '@cip/key-store';
import { NoteKeyError } from '@cip/integrity';

export interface KeysGenerateOptions {
  dir?: string;
  name?: string;
  force?: boolean;
}

/** Where output goes; tests pass their own to read what a user would see. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

export const processIo = (): CommandIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
});

/**
 * `cip-ledger keys generate`: writes master.key, signing.key and signing.vkey. Defaults follow the service's
 * configuration: the folder `$LEDGER_DATA_DIR/keys` (./data/keys) and, as key name, `$LEDGER_ORIGIN`
 * (localhost/cip-ledger). Returns the exit code: 0 written, 2 refused or failed.
 */
export function runKeysGenerate(options: KeysGenerateOptions, io: CommandIo = processIo()): number {
  const dir = path.resolve(options.dir ?? path.join(io.env.LEDGER_DATA_DIR ?? './data', 'keys'));
  const name = options.name ?? io.env.LEDGER_ORIGIN ?? 'localhost/cip-ledger';
  try {
    const files = generateKeyFiles({ dir, name, force: options.force });
    io.out(
      [
        `wrote ${files.masterKeyFile} (master key, mode 0600: keep it secret and backed up; losing it loses all sealed PII)`,
        `wrote ${files.signingKeyFile} (checkpoint signing key, mode 0600)`,
        `wrote ${files.verifierKeyFile} (verifier key: give it to auditors for \`cip-ledger verify --key\`)`,
        `verifier key: ${files.verifierKey}`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof KeyFileError || error instanceof NoteKeyError) {
      io.err(`cip-ledger keys generate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage the ledger keys (master key, checkpoint signing key)');
  keys
    .command('generate')
    .description('write master.key, signing.key and signing.vkey (refuses to overwrite without --force)')
    .option('--dir <dir>', 'folder for the key files (default: $LEDGER_DATA_DIR/keys, i.e. ./data/keys)')
    .option(
      '--name <key name>',
      'checkpoint key name, no spaces or "+" (default: $LEDGER_ORIGIN or localhost/cip-ledger)',
    )
    .option('--force', 'overwrite existing key files (makes data sealed under the old master key unreadable)')
    .action((options: KeysGenerateOptions) => {
      process.exitCode = runKeysGenerate(options);
    });
}
