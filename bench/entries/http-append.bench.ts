import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type Fastify from 'fastify';
import { type BenchEntry, type BenchOptions, round } from '../bench-entry';

/**
 * http_append: POST of a single lifecycle command (AccountFlagged on one of 256 open accounts) to the running
 * API, 64 connections (autocannon), against a bare Fastify route returning 201 for the same body in the same
 * run. Each server runs in a child process (this file, forked with `--serve`), so the load generator does not
 * share its event loop; on a 2-core machine client and server still share the cores, equally for both.
 */
const CONNECTIONS = 64;
const ACCOUNTS = 256;
const PROVIDER_KEY = 'cipk_bench_provider_key_for_http_append_only';

type ServeMode = 'app' | 'bare';

async function serve(mode: ServeMode, dataDir: string): Promise<void> {
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
    const { createApp } = await import('../../apps/ledger-api/src/bootstrap');
    const { loadConfig } = await import('../../apps/ledger-api/src/config/ledger-config');
    const { hashApiKey } = await import('../../apps/ledger-api/src/auth/api-key');
    const config = loadConfig({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_API_KEYS: `bench-provider:provider:${hashApiKey(PROVIDER_KEY)}`,
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

interface Server {
  port: number;
  /** CPU microseconds (user + system) the server process has used so far */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(mode: ServeMode, dataDir: string): Promise<Server> {
  const child = fork(__filename, ['--serve', mode, dataDir], {
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

function openAccountBody(accountId: string) {
  return {
    accountId,
    customer: {
      kind: 'individual',
      name: `Bench Person ${accountId}`,
      address: { lines: ['Benchstrasse 1'], city: 'Berlin', country: 'DE' },
      country: 'DE',
    },
    contact: { email: `${accountId}@example.org` },
    paymentMeans: [],
    channel: { kind: 'direct' },
    usPersonStatus: 'foreign',
  };
}

async function load(port: number, seconds: number, label: string) {
  let sequence = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const n = sequence++;
          return {
            ...request,
            path: `/v1/accounts/acct_${n % ACCOUNTS}/flags`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}` },
            body: JSON.stringify({
              flagId: `${label}_${n}`,
              category: 'malicious-activity',
              indicators: ['c2-beacon'],
              severity: 'high',
              source: 'bench',
            }),
          };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

const ROUNDS = 3;

export const entry: BenchEntry = {
  key: 'http_append',
  description: 'POST of a single lifecycle command to the running API, 64 connections, vs a bare Fastify route',
  async run(options: BenchOptions) {
    const seconds = options.quick ? 3 : 10;
    const app = await startServer('app', path.join(options.workDir, 'ledger'));
    const bare = await startServer('bare', options.workDir);
    type Round = Awaited<ReturnType<typeof load>> & { cpuMicrosPerRequest: number };
    const measured: Round[] = [];
    const baseline: Round[] = [];
    try {
      for (let i = 0; i < ACCOUNTS; i++) {
        const response = await fetch(`http://127.0.0.1:${app.port}/v1/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${PROVIDER_KEY}` },
          body: JSON.stringify(openAccountBody(`acct_${i}`)),
        });
        if (response.status !== 201) throw new Error(`opening acct_${i} answered ${response.status}`);
      }
      await load(app.port, 2, 'warmup');
      await load(bare.port, 2, 'warmup');
      // The machine is shared and its load comes and goes: app and baseline take turns, round after round, so
      // both meet the same conditions; the best round of each is compared (as the verify entry does).
      const measure = async (server: Server, label: string) => {
        const before = await server.cpuMicros();
        const result = await load(server.port, seconds, label);
        return { ...result, cpuMicrosPerRequest: ((await server.cpuMicros()) - before) / result.total };
      };
      for (let round_ = 0; round_ < ROUNDS; round_++) {
        measured.push(await measure(app, `run${round_}`));
        baseline.push(await measure(bare, `run${round_}`));
      }
    } finally {
      await Promise.all([app.stop(), bare.stop()]);
    }
    const best = (rounds: Round[]) =>
      rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const app_ = best(measured);
    const bare_ = best(baseline);
    return {
      connections: CONNECTIONS,
      seconds_per_round: seconds,
      rounds: ROUNDS,
      requests: measured.reduce((sum, r) => sum + r.total, 0),
      requests_per_s: round(app_.perSecond, 0),
      // the p99 of the round whose throughput is reported; the worst round's p99 alongside, for honesty
      p99_ms: app_.p99,
      p99_ms_worst_round: Math.max(...measured.map((r) => r.p99)),
      non_2xx: measured.reduce((sum, r) => sum + r.non2xx, 0),
      errors: measured.reduce((sum, r) => sum + r.errors, 0),
      bare_fastify_per_s: round(bare_.perSecond, 0),
      bare_fastify_p99_ms: bare_.p99,
      ratio_to_bare: round(app_.perSecond / bare_.perSecond, 3),
      // server CPU per request (all its threads): steady whatever else the machine runs; the least of the rounds
      server_cpu_us_per_request: round(Math.min(...measured.map((r) => r.cpuMicrosPerRequest)), 0),
      bare_cpu_us_per_request: round(Math.min(...baseline.map((r) => r.cpuMicrosPerRequest)), 0),
      rounds_per_s: measured.map((r) => round(r.perSecond, 0)).join(' '),
      bare_rounds_per_s: baseline.map((r) => round(r.perSecond, 0)).join(' '),
    };
  },
};

if (process.argv[2] === '--serve') {
  serve(process.argv[3] as ServeMode, process.argv[4]).catch((error: unknown) => {
    process.stderr.write(`bench server: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
