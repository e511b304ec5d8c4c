import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { handleAppend, handleBatchAppend } from './append-handlers';
import { handleDelete } from './delete-handlers';
import { EventLog } from './event-log';
import { type Empty, ServerFeaturesService, StreamsService, SupportedMethod, SupportedMethods } from './protocol';
import { handleRead } from './read-handlers';

/**
 * An in-memory EventStoreDB stand-in for tests: a real gRPC server speaking the subset of EventStoreDB's
 * protocol that @eventstore/db-client 6.x uses for streams (see README.md beside this file). Test
 * support only: not a store for data anyone needs.
 */

export interface EsdbStandinOptions {
  /** leave BatchAppend out of the advertised methods (and unserved), so clients fall back to Append */
  hideBatchAppend?: boolean;
  /** loopback port to bind; 0 or absent picks a free one (kept for restarts) */
  port?: number;
  /** interface to bind; loopback unless given (the command-line entry may open it wider) */
  host?: string;
}

export interface EsdbStandin {
  /** `esdb://127.0.0.1:PORT?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  /** closes the server (unary calls in flight may finish, long-lived calls are cut); the data stays for restart() */
  stop(): Promise<void>;
  /** listens again on the same port with the same data */
  restart(): Promise<void>;
  /** drops every connection abruptly, as a crashed server or a cut network would */
  kill(): Promise<void>;
  /** calls received per Streams method (`Read`, `Append`, `BatchAppend`, ...), for tests of the client's choices */
  readonly calls: Readonly<Record<string, number>>;
}

const SERVER_VERSION = '24.10.0';
const STREAMS_SERVICE = 'event_store.client.streams.Streams';

export async function startEsdbStandin(options: EsdbStandinOptions = {}): Promise<EsdbStandin> {
  const log = new EventLog();
  const calls: Record<string, number> = {};
  const host = options.host ?? '127.0.0.1';
  let server = await listen(log, calls, host, options.port ?? 0, options.hideBatchAppend ?? false);
  const port = server.port;
  let running = true;
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  const close = async (graceful: boolean): Promise<void> => {
    if (!running) return;
    running = false;
    const closing = server.grpc;
    if (!graceful) return closing.forceShutdown();
    // Long-lived calls (subscriptions, the BatchAppend stream) never end by themselves: give in-flight
    // unary calls a moment, then cut the rest.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        closing.forceShutdown();
        resolve();
      }, 200);
      closing.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  };

  return {
    connectionString: `esdb://${connectHost}:${port}?tls=false`,
    port,
    calls,
    stop: () => close(true),
    kill: () => close(false),
    restart: async () => {
      await close(true);
      server = await listen(log, calls, host, port, options.hideBatchAppend ?? false);
      running = true;
    },
  };
}

async function listen(
  log: EventLog,
  calls: Record<string, number>,
  host: string,
  port: number,
  hideBatchAppend: boolean,
): Promise<{ grpc: Server; port: number }> {
  // The client accepts reads of up to 17 MiB; appends are limited by MaxAppendSize, not by gRPC.
  const grpc = new Server({ 'grpc.max_receive_message_length': 17 * 1024 * 1024 });
  const counted = <Handler extends (...args: never[]) => void>(name: string, handler: Handler): Handler =>
    ((...args: Parameters<Handler>) => {
      calls[name] = (calls[name] ?? 0) + 1;
      handler(...args);
    }) as Handler;
  grpc.addService(StreamsService, {
    read: counted('Read', handleRead(log)),
    append: counted('Append', handleAppend(log)),
    delete: counted('Delete', handleDelete(log, false)),
    tombstone: counted('Tombstone', handleDelete(log, true)),
    ...(hideBatchAppend ? {} : { batchAppend: counted('BatchAppend', handleBatchAppend(log)) }),
  });
  const methods = ['Read', 'Append', 'Delete', 'Tombstone', ...(hideBatchAppend ? [] : ['BatchAppend'])];
  grpc.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) =>
      callback(null, supportedMethods(methods)),
  });
  const boundPort = await new Promise<number>((resolve, reject) => {
    grpc.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return { grpc, port: boundPort };
}

function supportedMethods(streamsMethods: string[]): SupportedMethods {
  const methods = streamsMethods.map((name) =>
    new SupportedMethod().setServiceName(STREAMS_SERVICE).setMethodName(name.toLowerCase()),
  );
  methods.push(
    new SupportedMethod()
      .setServiceName('event_store.client.server_features.ServerFeatures')
      .setMethodName('getsupportedmethods'),
  );
  return new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION);
}
