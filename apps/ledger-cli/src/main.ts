import { Command } from 'commander';
export const program = new Command('cip-ledger');
program.parse();
