import path from 'node:path';
import { type BenchEntry, type BenchOptions, round, secondsSince } from '../bench-entry';
import { startServer } from '../server-process';
import { measureStoreIngest } from './ingest-bulk.bench';

/**
 * ingest_bulk_api: the command-layer part of ingest_bulk. Access records go through the running API
 * (POST /v1/access-records, 10,000 records per request spread over many accounts: validation, grouping,
 * closure check, batch decision, hashing, chaining, one appendMany) into the embedded store. Baselines in
 * the same run: the store alone taking the same number of records (measureStoreIngest of ingest_bulk,
 * which also measures the bare better-sqlite3 limit). Kept under its own key so the event-store engineer's
 * ingest_bulk stays theirs.
 */
const PROVIDER_KEY = 'cipk_bench_provider_key_for_ingest_bulk_api';
const RECORDS_PER_REQUEST = 10_000;

export const entry: BenchEntry = {
  key: 'ingest_bulk_api',
  description: 'access records through POST /v1/access-records (10,000 per request) into the embedded store',
  async run(options: BenchOptions) {
    const events = options.quick ? 50_000 : Math.min(options.events, 500_000);
    const accounts = 1_000;
    // the service in a child process, as http_append runs it: the client's bodies live in another heap
    const server = await startServer('app', path.join(options.workDir, 'ledger'), {
      providerKey: PROVIDER_KEY,
      env: { LEDGER_BODY_LIMIT_BYTES: String(16 * 1024 * 1024) },
    });
    const url = `http://127.0.0.1:${server.port}`;
    const post = async (pathName: string, body: string, contentType = 'application/json') => {
      const response = await fetch(url + pathName, {
        method: 'POST',
        headers: { 'content-type': contentType, authorization: `Bearer ${PROVIDER_KEY}` },
        body,
      });
      if (response.status !== 201) throw new Error(`${pathName} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    let seconds = 0;
    // CPU time of the server process (every thread) while requests were in flight: steady whatever else runs
    let cpuMicros = 0;
    try {
      for (let i = 0; i < accounts; i++) {
        await post(
          '/v1/accounts',
          JSON.stringify({
            accountId: `acct_${i}`,
            customer: {
              kind: 'organization',
              name: `Org ${i}`,
              address: { lines: ['x'], city: 'y', country: 'DE' },
              country: 'DE',
            },
            contact: { email: `ops${i}@example.org` },
            paymentMeans: [],
            channel: { kind: 'direct' },
            usPersonStatus: 'foreign',
          }),
        );
      }
      const at = new Date(Date.now() - 3_600_000).toISOString();
      let sequence = 0;
      const nextBody = (count: number) => {
        const lines: string[] = [];
        for (let i = 0; i < count; i++, sequence++) {
          const ip =
            sequence % 2 === 0
              ? `10.${(sequence >> 16) & 255}.${(sequence >> 8) & 255}.${sequence & 255}`
              : `2001:db8::${(sequence & 0xffff).toString(16)}`;
          lines.push(
            JSON.stringify({ accountId: `acct_${sequence % accounts}`, ip, at, kind: 'access', credentialId: 'key_1' }),
          );
        }
        return lines.join('\n');
      };
      await post('/v1/access-records', nextBody(RECORDS_PER_REQUEST), 'application/x-ndjson'); // warm-up
      for (let done = 0; done < events; done += RECORDS_PER_REQUEST) {
        const body = nextBody(Math.min(RECORDS_PER_REQUEST, events - done));
        const cpuBefore = await server.cpuMicros();
        const start = process.hrtime.bigint();
        await post('/v1/access-records', body, 'application/x-ndjson');
        seconds += secondsSince(start);
        cpuMicros += (await server.cpuMicros()) - cpuBefore;
      }
    } finally {
      await server.stop();
    }
    const store = await measureStoreIngest({ ...options, quick: true, events: Math.min(events, 100_000) });
    const perSecond = events / seconds;
    return {
      events,
      records_per_request: RECORDS_PER_REQUEST,
      accounts,
      events_per_s: Math.round(perSecond),
      cpu_us_per_record: round(cpuMicros / events, 2),
      store_only_per_s: store.events_per_s,
      ratio_to_store: round(perSecond / store.events_per_s),
      raw_sqlite_per_s: store.raw_sqlite_per_s,
      ratio_to_raw: round(perSecond / store.raw_sqlite_per_s),
    };
  },
};
