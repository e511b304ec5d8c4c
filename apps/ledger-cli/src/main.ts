import { Command } from 'commander';
import { registerServeCommand } from './commands/serve.command';
import { registerKeysCommand } from './commands/keys.command';
import { registerVerifyCommand } from './commands/verify.command';
import { registerExportCommand } from './commands/export.command';

/** The `cip-ledger` command. Each sub-command lives in commands/ and registers itself here. */
export function buildProgram(): Command {
  const program = new Command('cip-ledger')
    .description('cip-ledger: event-sourced, tamper-evident audit ledger for IaaS Customer Identification Programs')
    .version('0.1.0');
  registerServeCommand(program);
  registerKeysCommand(program);
  registerVerifyCommand(program);
  registerExportCommand(program);
  return program;
}

/** Runs the CLI; the `bin/cip-ledger.js` launcher and `node dist/apps/ledger-cli/src/main.js` both land here. */
export function runCli(argv: string[] = process.argv): void {
  buildProgram()
    .parseAsync(argv)
    .catch((error: unknown) => {
      process.stderr.write(`cip-ledger: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}

if (require.main === module) runCli();
