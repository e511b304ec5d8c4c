import fs from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import {
  BundleInputError,
  type NoteVerifier,
  VERIFY_CHECKS,
  type VerifyFailure,
  type VerifyReport,
  parseVerifierKey,
  verifyBundle,
} from '@cip/integrity';
import { type CommandIo, processIo } from './keys.command';

export interface VerifyOptions {
  key: string;
  json?: boolean;
  /** force the progress bar on (true) or off (false); default: when stderr is a terminal */
  progress?: boolean;
}

export interface VerifyIo extends CommandIo {
  stderrIsTty: boolean;
  /** where the progress bar draws (stderr) */
  progressStream?: NodeJS.WritableStream;
}

/** Exit codes of `cip-ledger verify`. */
export const VERIFY_EXIT = { verified: 0, integrityFailure: 1, usage: 2 } as const;

class UsageError extends Error {}

/**
 * `cip-ledger verify <bundle> --key <vkey|file>`: runs every check of the bundle and prints, per check, the
 * first failure with its leaf, stream and revision. Exit 0 only when all hold, 1 on any integrity failure,
 * 2 when the bundle or key cannot be read.
 */
export async function runVerify(
  bundle: string,
  options: VerifyOptions,
  io: VerifyIo = processVerifyIo(),
): Promise<number> {
  let trustedKeys: NoteVerifier[];
  try {
    trustedKeys = readTrustedKeys(options.key);
  } catch (error) {
    io.err(`cip-ledger verify: ${(error as Error).message}\n`);
    return VERIFY_EXIT.usage;
  }
  const showProgress = options.progress ?? io.stderrIsTty;
  const bar = showProgress
    ? new SingleBar({
        stream: io.progressStream ?? process.stderr,
        format: 'verifying [{bar}] {percentage}% | {value}/{total} MiB | eta {eta}s',
        hideCursor: true,
        clearOnComplete: true,
        noTTYOutput: !io.stderrIsTty,
      })
    : undefined;
  let report: VerifyReport;
  try {
    let started = false;
    report = await verifyBundle(bundle, {
      trustedKeys,
      onProgress: bar
        ? (read, total) => {
            const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
            if (!started) bar.start(Math.max(1, mib(total)), 0);
            started = true;
            bar.update(mib(read));
          }
        : undefined,
    });
  } catch (error) {
    if (error instanceof BundleInputError) {
      io.err(
        `cip-ledger verify: ${error.message}\nPass the bundle directory or .tar.gz written by \`cip-ledger export\`.\n`,
      );
      return VERIFY_EXIT.usage;
    }
    throw error;
  } finally {
    bar?.stop();
  }
  io.out(options.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.ok ? VERIFY_EXIT.verified : VERIFY_EXIT.integrityFailure;
}

/** The key argument is a verifier key itself, or a file holding one per line (blank lines and # comments skipped). */
function readTrustedKeys(argument: string): NoteVerifier[] {
  if (fs.existsSync(argument)) {
    const lines = fs
      .readFileSync(argument, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines.length === 0) throw new UsageError(`${argument} holds no verifier key`);
    try {
      return lines.map(parseVerifierKey);
    } catch (error) {
      throw new UsageError(`${argument}: ${(error as Error).message}`);
    }
  }
  try {
    return [parseVerifierKey(argument)];
  } catch (error) {
    throw new UsageError(
      `--key ${JSON.stringify(argument)} is neither a readable file nor a verifier key (${(error as Error).message}).\n` +
        "Pass the ledger operator's verifier key, <name>+<8 hex digits>+<base64>, or a file holding it (signing.vkey).",
    );
  }
}

const LABEL: Record<(typeof VERIFY_CHECKS)[number], string> = {
  manifest: 'manifest digests and counts',
  records: 'record format and leaf order',
  chain: 'stream chains (prev, revisions)',
  signatures: 'checkpoint signatures',
  roots: 'checkpoint roots (recomputed)',
  inclusion: 'inclusion proofs',
  consistency: 'consistency between checkpoints',
};

export function formatReport(report: VerifyReport): string {
  const lines: string[] = [];
  const { bundle, counts } = report;
  lines.push(`bundle ${bundle.path}: scope ${bundle.scope}, origin ${bundle.origin}, created ${bundle.createdAt}`);
  lines.push(
    `${counts.records} records in ${counts.streams} streams, ${counts.checkpoints} trusted checkpoints` +
      (report.newestCheckpoint
        ? `, newest at tree size ${report.newestCheckpoint.treeSize} signed by ${report.newestCheckpoint.signedBy.join(', ')}`
        : ''),
  );
  for (const check of VERIFY_CHECKS) {
    const result = report.checks[check];
    const label = LABEL[check].padEnd(34);
    if (!result.applies) {
      lines.push(`  -     ${label} does not apply to a ${bundle.scope === 'ledger' ? 'ledger' : 'account'} bundle`);
    } else if (result.failures === 0) {
      lines.push(`  ok    ${label} ${result.checked} checked`);
    } else {
      lines.push(`  FAIL  ${label} ${result.failures} of ${result.checked} failed; first: ${describe(result.first!)}`);
      if (result.first?.expected !== undefined || result.first?.found !== undefined) {
        lines.push(`        ${''.padEnd(34)} expected ${result.first.expected ?? '?'}`);
        lines.push(`        ${''.padEnd(34)} found    ${result.first.found ?? '?'}`);
      }
    }
  }
  if (report.unsealed.count > 0) {
    lines.push(
      `note: ${report.unsealed.count} records from leaf ${report.unsealed.firstLeaf} on are after the newest checkpoint (unsealed)`,
    );
  }
  const failed = VERIFY_CHECKS.filter((check) => report.checks[check].failures > 0);
  lines.push(report.ok ? 'VERIFIED: every check holds' : `FAILED: ${failed.join(', ')}`);
  return lines.join('\n') + '\n';
}

function describe(failure: VerifyFailure): string {
  const where: string[] = [];
  if (failure.leaf !== undefined) where.push(`leaf ${failure.leaf}`);
  if (failure.stream !== undefined) where.push(`stream ${failure.stream}`);
  if (failure.revision !== undefined) where.push(`revision ${failure.revision}`);
  if (failure.treeSize !== undefined)
    where.push(
      `tree size ${failure.fromTreeSize !== undefined ? `${failure.fromTreeSize} -> ` : ''}${failure.treeSize}`,
    );
  if (failure.file !== undefined)
    where.push(failure.line !== undefined ? `${failure.file}:${failure.line}` : failure.file);
  return `${where.length > 0 ? `${where.join(', ')}: ` : ''}${failure.message}`;
}

const processVerifyIo = (): VerifyIo => ({ ...processIo(), stderrIsTty: process.stderr.isTTY === true });

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify <bundle>')
    .description('verify an evidence bundle (directory or .tar.gz) offline; exit 0 only when every check holds')
    .requiredOption(
      '--key <vkey|file>',
      'the verifier key you trust (<name>+<hexid>+<base64>) or a file with one per line',
    )
    .option('--json', 'print the structured report as JSON')
    .option('--progress', 'show a progress bar even when stderr is not a terminal')
    .option('--no-progress', 'never show a progress bar')
    .action(async (bundle: string, options: VerifyOptions) => {
      process.exitCode = await runVerify(bundle, options);
    });
}
