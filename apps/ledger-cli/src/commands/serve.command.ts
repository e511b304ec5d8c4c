import type { Command } from 'commander';
import { createApp } from '../../../ledger-api/src/bootstrap';
import { ConfigError, loadConfig } from '../../../ledger-api/src/config/ledger-config';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run the HTTP API (embedded SQLite store unless LEDGER_EVENT_STORE=esdb); configured by environment (docs/configuration.md)',
    )
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .action(async (options: { port?: string }) => {
      const env = { ...process.env, ...(options.port !== undefined ? { PORT: options.port } : {}) };
      let config;
      try {
        config = loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`cip-ledger: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      const app = await createApp(config);
      await app.listen(config.port, config.host);
      process.stdout.write(`cip-ledger listening on http://${config.host}:${config.port}\n`);
    });
}
