import { fork } from 'node:child_process';
import type Fastify from 'fastify';

/**
 * A server under load in a child process of its own (this file, forked with `--serve`), so that the load
 * generator shares neither its event loop nor its heap; on a 2-core machine client and server still share
 * the cores. `app` is the whole service on the embedded store in `dataDir`; `bare` is a Fastify route that
 * answers 201 to `POST /v1/accounts/:accountId/flags`, the baseline of http_append.
 */
export type ServeMode = 'app' | 'bare';

export interface ServerProcess {
  port: number;
  /** CPU microseconds (user + system, every thread) the server process has used so far */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

export interface AppServerSettings {
  /** the provider key the benchmark sends (its hash is configured) */
  providerKey: string;
  /** environment settings beyond the data directory, log level and API keys */
  env?: Record<string, string>;
}

export async function startServer(
  mode: ServeMode,
  dataDir: string,
  settings: AppServerSettings = { providerKey: '' },
): Promise<ServerProcess> {
  const child = fork(__filename, ['--serve', mode, dataDir, JSON.stringify(settings)], {
    // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers
    execArgv: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    port,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: { cpu?: NodeJS.CpuUsage }) => {
          if (!message.cpu) return;
          child.off('message', onMessage);
          resolve(message.cpu.user + message.cpu.system);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

async function serve(mode: ServeMode, dataDir: string, settings: AppServerSettings): Promise<void> {
  let port: number;
  let close: () => Promise<void>;
  if (mode === 'bare') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fastify = (require('fastify') as { default: typeof Fastify }).default({ bodyLimit: 5 * 1024 * 1024 });
    fastify.post('/v1/accounts/:accountId/flags', async (_request, reply) => reply.code(201).send({ ok: true }));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    port = (fastify.server.address() as { port: number }).port;
    close = () => fastify.close();
  } else {
    const { createApp } = await import('../apps/ledger-api/src/bootstrap');
    const { loadConfig } = await import('../apps/ledger-api/src/config/ledger-config');
    const { hashApiKey } = await import('../apps/ledger-api/src/auth/api-key');
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: `bench-provider:provider:${hashApiKey(settings.providerKey)}`,
      ...settings.env,
    });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
    close = () => app.close();
  }
  process.send?.({ port });
  process.on('message', (message) => {
    if (message === 'stop') void close().then(() => process.exit(0));
    // CPU time of the whole server process (every thread), which the machine's other load does not inflate
    if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  });
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3] as ServeMode, process.argv[4], JSON.parse(process.argv[5]) as AppServerSettings).catch(
    (error: unknown) => {
      process.stderr.write(`bench server: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
