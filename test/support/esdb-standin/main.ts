import { startEsdbStandin } from './esdb-standin';

/**
 * Runs the stand-in by hand: `node dist/test/support/esdb-standin/main.js --port 2113 [--host 0.0.0.0]
 * [--hide-batch-append]`. In memory: everything is gone when it stops (Ctrl-C).
 */
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(argument('--port') ?? '2113');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${argument('--port')} is not a port`);
  const standin = await startEsdbStandin({
    port,
    host: argument('--host'),
    hideBatchAppend: process.argv.includes('--hide-batch-append'),
  });
  process.stdout.write(
    `EventStoreDB stand-in (test support, in memory) listening: ${standin.connectionString}\n` +
      `  e.g. LEDGER_EVENT_STORE=esdb EVENTSTORE_CONNECTION_STRING='${standin.connectionString}' npm start\n`,
  );
  const shutdown = (): void => {
    void standin.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
