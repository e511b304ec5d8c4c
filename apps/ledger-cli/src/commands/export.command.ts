import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { CHECKPOINT_STREAM, type CheckpointSigned, accessStream, accountStream, isValidId } from '@cip/domain';
import {
  type EventStore,
  type StoredRecord,
  StreamNotFoundError,
  createEsdbEventStore,
  createSqliteEventStore,
} from '@cip/event-store';
import { type BundleManifest, type LedgerRecord, parseVerifierKey, writeBundle } from '@cip/integrity';
import { VERIFIER_KEY_FILE } from '@cip/key-store';
import { ConfigError, type LedgerConfig, loadConfig } from '../../../ledger-api/src/config/ledger-config';
import { LEDGER_LOG_FILTER } from '../../../ledger-api/src/sealer/checkpoint-sealer.service';
import { LedgerTree } from '../../../ledger-api/src/sealer/ledger-tree';
import type { VerifyIo } from './verify.command';
import { processIo } from './keys.command';

export interface ExportOptions {
  /** only this account's streams (account-{id}, access-{id}), each record with its inclusion proof */
  account?: string;
  /** also pack the bundle as <dir>.tar.gz */
  tar?: boolean;
  /** force the progress bar on (true) or off (false); default: when stderr is a terminal */
  progress?: boolean;
}

/** Exit codes of `cip-ledger export`. */
export const EXPORT_EXIT = { written: 0, usage: 2 } as const;

class ExportUsageError extends Error {}

/**
 * `cip-ledger export <dir> [--account <id>] [--tar]`: writes an evidence bundle (integrity format section 4)
 * from the configured store (LEDGER_EVENT_STORE; embedded: the SQLite log under LEDGER_DATA_DIR) and the signed
 * checkpoints in `ledger-checkpoints`. Reads the log twice: once to rebuild the Merkle tree (the writer needs
 * every proof before it streams the records), once to stream the records, so memory holds the tree's hashes
 * (about 40 bytes a record) but never the records. Returns 0 when written, 2 when it cannot be.
 */
export async function runExport(
  dir: string,
  options: ExportOptions,
  io: VerifyIo = processExportIo(),
): Promise<number> {
  let store: EventStore | undefined;
  try {
    const config = loadConfig(io.env);
    const target = path.resolve(dir);
    if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
      throw new ExportUsageError(`${target} is not empty: a bundle is written into a new directory`);
    }
    if (options.account !== undefined && !isValidId(options.account)) {
      throw new ExportUsageError(`--account ${JSON.stringify(options.account)} is not an account id`);
    }
    const verifierKey = readVerifierKey(config);
    store = openStore(config);

    // checkpoints first: the log only grows, so every one of them fits in the tree read after
    const checkpoints = await readCheckpoints(store);
    const tree = new LedgerTree();
    for await (const stored of store.readAll({ filter: LEDGER_LOG_FILTER })) tree.append(stored.position, stored.hash);
    const treeSize = tree.size;

    const bar = progressBar(options, io);
    bar?.start(Math.max(1, treeSize), 0);
    let manifest: BundleManifest;
    try {
      const records =
        options.account === undefined
          ? ledgerRecords(store, treeSize, (leaf) => bar?.update(leaf + 1))
          : await accountRecords(store, tree, treeSize, options.account, (leaf) => bar?.update(leaf + 1));
      manifest = await writeBundle({
        dir: target,
        origin: config.origin,
        scope: options.account ?? 'ledger',
        treeSize,
        records,
        checkpoints: checkpoints.filter((checkpoint) => checkpoint.treeSize <= treeSize).map((c) => c.note),
        verifierKey,
        proofs: tree,
        tarGzFile: options.tar ? `${target}.tar.gz` : undefined,
      });
      bar?.update(Math.max(1, treeSize));
    } finally {
      bar?.stop();
    }
    io.out(summary(target, manifest, options.tar ? `${target}.tar.gz` : undefined, checkpoints, verifierKey));
    return EXPORT_EXIT.written;
  } catch (error) {
    if (error instanceof ExportUsageError || error instanceof ConfigError) {
      io.err(`cip-ledger export: ${error.message}\n`);
      return EXPORT_EXIT.usage;
    }
    throw error;
  } finally {
    await store?.close();
  }
}

/** The operator's verifier key, from signing.vkey beside the signing key (the private key is not needed). */
function readVerifierKey(config: LedgerConfig): string {
  const file = path.join(path.dirname(config.signingKeyFile), VERIFIER_KEY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ExportUsageError(`cannot read the verifier key ${file} (LEDGER_SIGNING_KEY_FILE's folder)`);
  }
  try {
    return parseVerifierKey(text).verifierKey;
  } catch (error) {
    throw new ExportUsageError(`${file}: ${(error as Error).message}`);
  }
}

function openStore(config: LedgerConfig): EventStore {
  if (config.eventStore === 'esdb')
    return createEsdbEventStore({ connectionString: config.eventStoreConnectionString! });
  // never create an empty log where the user expected theirs
  if (!fs.existsSync(config.eventStoreFile)) {
    throw new ExportUsageError(
      `no ledger at ${config.eventStoreFile} (set LEDGER_DATA_DIR or LEDGER_EVENT_STORE_FILE)`,
    );
  }
  return createSqliteEventStore({ file: config.eventStoreFile });
}

async function readCheckpoints(store: EventStore): Promise<{ treeSize: number; note: string }[]> {
  const checkpoints: { treeSize: number; note: string }[] = [];
  try {
    for await (const { record } of store.readStream(CHECKPOINT_STREAM)) {
      if (record.type !== 'CheckpointSigned') continue;
      const { treeSize, note } = record.data as CheckpointSigned['data'];
      checkpoints.push({ treeSize, note });
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return checkpoints;
}

/** Every leaf 0..treeSize-1, in log order. */
async function* ledgerRecords(
  store: EventStore,
  treeSize: number,
  onLeaf: (leaf: number) => void,
): AsyncIterable<{ leaf: number; record: LedgerRecord }> {
  let leaf = 0;
  for await (const { record } of store.readAll({ filter: LEDGER_LOG_FILTER })) {
    if (leaf >= treeSize) break;
    yield { leaf, record };
    onLeaf(leaf++);
  }
}

/** The account's two streams, each record at its leaf index, merged in leaf order. */
async function accountRecords(
  store: EventStore,
  tree: LedgerTree,
  treeSize: number,
  accountId: string,
  onLeaf: (leaf: number) => void,
): Promise<{ leaf: number; record: LedgerRecord }[]> {
  const found: { leaf: number; record: LedgerRecord }[] = [];
  let accountExists = false;
  for (const stream of [accountStream(accountId), accessStream(accountId)]) {
    const records: StoredRecord[] = [];
    try {
      for await (const stored of store.readStream(stream)) records.push(stored);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    accountExists ||= records.length > 0 && stream === accountStream(accountId);
    for (const stored of records) {
      const leaf = tree.leafIndexOf(stored.position);
      // records appended after the tree was read are left out, as for a ledger bundle
      if (leaf !== undefined && leaf < treeSize) found.push({ leaf, record: stored.record });
    }
  }
  if (!accountExists) throw new ExportUsageError(`the ledger holds no account ${accountId}`);
  found.sort((a, b) => a.leaf - b.leaf);
  if (found.length > 0) onLeaf(treeSize - 1);
  return found;
}

function progressBar(options: ExportOptions, io: VerifyIo): SingleBar | undefined {
  if (!(options.progress ?? io.stderrIsTty)) return undefined;
  return new SingleBar({
    stream: io.progressStream ?? process.stderr,
    format: 'exporting [{bar}] {percentage}% | {value}/{total} records | eta {eta}s',
    hideCursor: true,
    clearOnComplete: true,
    noTTYOutput: !io.stderrIsTty,
  });
}

function summary(
  dir: string,
  manifest: BundleManifest,
  tarGz: string | undefined,
  checkpoints: { treeSize: number }[],
  verifierKey: string,
): string {
  const newest = checkpoints.reduce((max, c) => Math.max(max, c.treeSize), 0);
  const unsealedNote =
    manifest.counts.checkpoints === 0
      ? 'warning: no signed checkpoint yet (the service signs one after LEDGER_CHECKPOINT_EVERY_SECONDS); verify will fail'
      : manifest.treeSize > newest
        ? `note: ${manifest.treeSize - newest} leaves after the newest checkpoint (tree size ${newest}) are not sealed yet`
        : `every leaf is covered by the newest checkpoint (tree size ${newest})`;
  return [
    `wrote ${dir}${tarGz ? ` and ${tarGz}` : ''}: scope ${manifest.scope}, ${manifest.counts.records} records of ${manifest.treeSize} leaves, ${manifest.counts.checkpoints} checkpoints, ${manifest.counts.proofs} inclusion proofs`,
    unsealedNote,
    `verify with: cip-ledger verify ${tarGz ?? dir} --key '${verifierKey}'`,
    '',
  ].join('\n');
}

const processExportIo = (): VerifyIo => ({ ...processIo(), stderrIsTty: process.stderr.isTTY === true });

export function registerExportCommand(program: Command): void {
  program
    .command('export <dir>')
    .description(
      'write an evidence bundle of the whole ledger (or one account) from the configured store, for `cip-ledger verify`',
    )
    .option('--account <id>', "only this account's streams, with an inclusion proof per record")
    .option('--tar', 'also pack the bundle as <dir>.tar.gz')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show a progress bar')
    .action(async (dir: string, options: ExportOptions) => {
      process.exitCode = await runExport(dir, options, processExportIo());
    });
}
