import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchEntry, BenchOptions } from './bench-entry';

/**
 * `npm run bench [-- --quick] [-- --events N] [-- --only key,key]`: runs every entry in bench/entries,
 * prints a table and writes bench/results/latest.json. Never part of `npm test`.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const eventsArg = args.indexOf('--events');
  const onlyArg = args.indexOf('--only');
  const events = eventsArg >= 0 ? Number(args[eventsArg + 1]) : quick ? 20_000 : 1_000_000;
  if (!Number.isInteger(events) || events <= 0) throw new Error('--events takes a positive whole number');
  const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : undefined;

  const entries = loadEntries().filter((entry) => !only || only.has(entry.key));
  const results: Record<string, unknown> = {};
  for (const entry of entries) {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `cip-bench-${entry.key}-`));
    const options: BenchOptions = { quick, events, workDir };
    process.stdout.write(`\n== ${entry.key}: ${entry.description}\n`);
    try {
      results[entry.key] = await entry.run(options);
    } catch (error) {
      results[entry.key] = { error: error instanceof Error ? error.message : String(error) };
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    console.table(results[entry.key]);
  }
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    mode: quick ? 'quick' : 'full',
    results,
  };
  const out = path.join(__dirname, '..', '..', 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), out)}\n`);
}

function loadEntries(): BenchEntry[] {
  const dir = path.join(__dirname, 'entries');
  if (!fs.existsSync(dir)) return [];
  return (
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.bench.js'))
      .sort()
      // entries are discovered at run time, so a new file needs no registration: hence require, not import
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      .map((name) => (require(path.join(dir, name)) as { entry: BenchEntry }).entry)
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
