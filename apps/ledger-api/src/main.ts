import { ConfigError, loadConfig } from './config/ledger-config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  process.stdout.write(
    `cip-ledger listening on http://${config.host}:${config.port} (store: ${config.eventStore}, data: ${config.dataDir})\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`cip-ledger: ${error.message}\n`);
  } else {
    process.stderr.write(`cip-ledger: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
