import fs from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { CHECKPOINT_STREAM } from '@cip/domain';
import type { EventStore } from '@cip/event-store';
import { openCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion } from '@cip/integrity';
import { createApp } from '../../apps/ledger-api/src/bootstrap';
import { hashApiKey } from '../../apps/ledger-api/src/auth/api-key';
import { loadConfig } from '../../apps/ledger-api/src/config/ledger-config';
import { CheckpointSealer } from '../../apps/ledger-api/src/sealer/checkpoint-sealer.service';
import { EVENT_STORE } from '../../apps/ledger-api/src/tokens';
import { openAccountBody } from './support/fixtures';
import { type TestLedger, logFingerprint, startTestLedger, storeKinds } from './support/ledger-app';

// The sealer follows the log and signs a checkpoint every 4 leaves here; auditors fetch checkpoints and
// proofs and check them with nothing but integrity's verifiers and the public verifier key.

const ORIGIN = 'audit.e2e/cip';
const ENV = {
  LEDGER_ORIGIN: ORIGIN,
  LEDGER_CHECKPOINT_EVERY_RECORDS: '4',
  LEDGER_CHECKPOINT_EVERY_SECONDS: '86400',
};

type Http = () => ReturnType<typeof request>;

interface CheckpointJson {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
  recordedAt: string;
}

/** Polls until `check` holds (the sealer works beside the requests); fails with `what` after 10 s. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function auditorClient(http: Http, key: string) {
  const get = (path: string) => http().get(path).set('authorization', `Bearer ${key}`);
  return {
    get,
    async latest(): Promise<CheckpointJson | undefined> {
      const response = await get('/v1/checkpoints/latest').set('accept', 'application/json');
      return response.status === 200 ? (response.body as CheckpointJson) : undefined;
    },
    async checkpointOf(treeSize: number): Promise<CheckpointJson> {
      return eventually(`a checkpoint of ${treeSize} leaves`, async () => {
        const latest = await this.latest();
        return latest !== undefined && latest.treeSize >= treeSize ? latest : undefined;
      });
    },
  };
}

const provider = (http: Http, key: string, path: string, body: unknown) =>
  http()
    .post(path)
    .set('authorization', `Bearer ${key}`)
    .set('content-type', 'application/json')
    .send(JSON.stringify(body));

const hex = (text: string) => Buffer.from(text, 'hex');

describe.each(storeKinds())('auditor checkpoints and proofs on %s (e2e)', (store) => {
  let ledger: TestLedger;
  let auditor: ReturnType<typeof auditorClient>;
  let vkey: string;
  const open = (accountId: string) =>
    provider(ledger.http, ledger.keys.provider, '/v1/accounts', openAccountBody(accountId));

  beforeAll(async () => {
    ledger = await startTestLedger({ store, env: ENV });
    auditor = auditorClient(ledger.http, ledger.keys.auditor);
  });
  afterAll(async () => ledger.close());

  it('publishes the verifier key without an API key, and has no checkpoint for an empty log', async () => {
    const response = await ledger.http().get('/v1/ledger.vkey');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    vkey = response.text.trim();
    expect(parseVerifierKey(vkey).verifierKey).toBe(vkey);
    const latest = await auditor.get('/v1/checkpoints/latest');
    expect(latest.status).toBe(404);
    expect(latest.body.type).toBe('https://cip-ledger.dev/problems/not-found');
  });

  it('is for auditor keys only', async () => {
    expect((await ledger.http().get('/v1/checkpoints/latest')).status).toBe(401);
    for (const role of ['provider', 'investigator', 'admin'] as const) {
      const forbidden = await ledger
        .http()
        .get('/v1/proofs/consistency?from=0')
        .set('authorization', `Bearer ${ledger.keys[role]}`);
      expect(forbidden.status).toBe(403);
    }
  });

  // The type of a query member comes first (before, a missing revision or from was answered "must not be less
  // than 0", and a missing stream with the size rule's message).
  it.each([
    [
      'an inclusion proof without revision',
      '/v1/proofs/inclusion?stream=account-acct_a',
      'revision',
      'must be an integer number',
    ],
    [
      'an inclusion proof whose revision is not a number',
      '/v1/proofs/inclusion?stream=account-acct_a&revision=first',
      'revision',
      'must be an integer number',
    ],
    ['an inclusion proof without stream', '/v1/proofs/inclusion?revision=0', 'stream', 'must be a string'],
    ['a consistency proof without from', '/v1/proofs/consistency?to=8', 'from', 'must be an integer number'],
    // only decimal digits are integers: an empty value was taken as 0, and these as the numbers Number() reads
    [
      'an inclusion proof with an empty revision',
      '/v1/proofs/inclusion?stream=account-acct_a&revision=',
      'revision',
      'must be an integer number',
    ],
    ['a consistency proof from 1e3', '/v1/proofs/consistency?from=1e3', 'from', 'must be an integer number'],
    ['a consistency proof from 0x10', '/v1/proofs/consistency?from=0x10', 'from', 'must be an integer number'],
    ['a checkpoint of tree size 2.0', '/v1/checkpoints/2.0', 'treeSize', 'must be an integer number'],
    // was a 404 "No checkpoint was signed at tree size 1e+23"
    [
      'a checkpoint of a tree size beyond any ledger',
      '/v1/checkpoints/99999999999999999999999',
      'treeSize',
      'must be an integer number',
    ],
    [
      'a checkpoint of a tree size beyond the safe integers',
      '/v1/checkpoints/9007199254740992',
      'treeSize',
      'must not be greater than 9007199254740991',
    ],
  ])('refuses %s with validation-failed naming the member', async (_what, path, field, message) => {
    const before = await logFingerprint(ledger);
    const response = await auditor.get(path);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.type).toBe('https://cip-ledger.dev/problems/validation-failed');
    expect(response.body.errors).toEqual([{ field, message: `${field} ${message}` }]);
    expect(await logFingerprint(ledger)).toEqual(before);
  });

  it('signs a checkpoint after 4 records that verifies with the public key and is recorded in the log', async () => {
    for (const id of ['acct_a', 'acct_b', 'acct_c', 'acct_d', 'acct_e']) expect((await open(id)).status).toBe(201);
    const checkpoint = await auditor.checkpointOf(4);
    expect(checkpoint.treeSize).toBe(4);
    expect(checkpoint.origin).toBe(ORIGIN);

    const text = await auditor.get('/v1/checkpoints/latest');
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.text).toBe(checkpoint.note);
    const opened = openCheckpoint(text.text, [parseVerifierKey(vkey)], ORIGIN);
    expect(opened.checkpoint.treeSize).toBe(4n);
    expect(opened.checkpoint.rootHash.toString('hex')).toBe(checkpoint.rootHash);
    expect((await auditor.get('/v1/checkpoints/4')).text).toBe(checkpoint.note);
    expect((await auditor.get('/v1/checkpoints/3')).status).toBe(404);

    const sealer = ledger.app.get(CheckpointSealer);
    expect(sealer.checkpoints.latest?.treeSize).toBe(4);
    const recorded = await readCheckpointRecords(ledger.app);
    expect(recorded).toEqual([
      {
        type: 'CheckpointSigned',
        actor: 'ledger-sealer',
        data: { treeSize: 4, rootHash: checkpoint.rootHash, note: checkpoint.note },
      },
    ]);
  });

  it('proves each sealed record is a leaf of the checkpoint, and a proof fails for another record', async () => {
    const checkpoint = await auditor.checkpointOf(4);
    const root = hex(checkpoint.rootHash);
    const log = await ledger.readLog();
    for (const [index, { record, hash }] of log.slice(0, 4).entries()) {
      const response = await auditor
        .get('/v1/proofs/inclusion')
        .query({ stream: record.stream, revision: record.revision });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ leafIndex: index, treeSize: 4, leafHash: hash });
      const proof = (response.body.proof as string[]).map(hex);
      expect(verifyInclusion(index, 4, hex(hash), proof, root)).toBe(true);
    }

    // tamper: account-acct_a gets a second record; its revision-0 hash does not verify on revision 1's proof
    expect(
      (
        await provider(ledger.http, ledger.keys.provider, '/v1/accounts/acct_a/flags', {
          flagId: 'flag_1',
          category: 'malicious-activity',
          indicators: ['scan'],
          severity: 'low',
          source: 'soc',
        })
      ).status,
    ).toBe(201);
    for (const id of ['acct_f', 'acct_g']) expect((await open(id)).status).toBe(201);
    const latest = await auditor.checkpointOf(8);
    const flagged = (await ledger.readLog()).filter((stored) => stored.record.stream === 'account-acct_a');
    expect(flagged).toHaveLength(2);
    const [revision0, revision1] = flagged;
    const proofOf = async (revision: number) =>
      (await auditor.get('/v1/proofs/inclusion').query({ stream: 'account-acct_a', revision, treeSize: 6 })).body as {
        leafIndex: number;
        proof: string[];
      };
    const six = await auditor.get('/v1/proofs/consistency').query({ from: 6, to: 6 });
    const rootAt6 = hex(six.body.toRoot as string);
    const right = await proofOf(1);
    expect(verifyInclusion(right.leafIndex, 6, hex(revision1.hash), right.proof.map(hex), rootAt6)).toBe(true);
    expect(verifyInclusion(right.leafIndex, 6, hex(revision0.hash), right.proof.map(hex), rootAt6)).toBe(false);
    const wrong = await proofOf(0);
    expect(verifyInclusion(wrong.leafIndex, 6, hex(revision1.hash), wrong.proof.map(hex), rootAt6)).toBe(false);
    expect(verifyInclusion(right.leafIndex, 6, hex(revision1.hash), wrong.proof.map(hex), rootAt6)).toBe(false);
    expect(latest.treeSize).toBe(8);
  });

  it('answers 409 for a record after the checkpoint and 404 for one not in the log', async () => {
    expect((await open('acct_h')).status).toBe(201); // leaf 8: after the checkpoint of 8
    const log = await ledger.readLog();
    const newest = log.at(-1)!.record;
    await eventually('the sealer to take leaf 8', async () => {
      const response = await auditor
        .get('/v1/proofs/inclusion')
        .query({ stream: newest.stream, revision: 0, treeSize: 9 });
      return response.status === 200 ? response : undefined;
    });
    const response = await auditor.get('/v1/proofs/inclusion').query({ stream: newest.stream, revision: 0 });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: 'https://cip-ledger.dev/problems/not-yet-sealed',
      leafIndex: 8,
      treeSize: 8,
    });
    const missing = await auditor.get('/v1/proofs/inclusion').query({ stream: 'account-acct_a', revision: 7 });
    expect(missing.status).toBe(404);
    const bad = await auditor.get('/v1/proofs/inclusion').query({ stream: 'account-acct_a', revision: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('revision');
  });

  it('proves consistency between checkpoints, and the proof fails against another root', async () => {
    const four = (await auditor.get('/v1/checkpoints/4').set('accept', 'application/json')).body as CheckpointJson;
    const eight = (await auditor.get('/v1/checkpoints/8').set('accept', 'application/json')).body as CheckpointJson;
    const response = await auditor.get('/v1/proofs/consistency').query({ from: 4 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ from: 4, to: 8, fromRoot: four.rootHash, toRoot: eight.rootHash });
    const proof = (response.body.proof as string[]).map(hex);
    expect(verifyConsistency(4, 8, hex(four.rootHash), hex(eight.rootHash), proof)).toBe(true);
    const forged = hex(four.rootHash);
    forged[0] ^= 1;
    expect(verifyConsistency(4, 8, forged, hex(eight.rootHash), proof)).toBe(false);
    expect((await auditor.get('/v1/proofs/consistency').query({ from: 9, to: 8 })).status).toBe(400);
    expect((await auditor.get('/v1/proofs/consistency').query({ from: 1, to: 99 })).status).toBe(404);
  });
});

describe('sealer across a restart (e2e)', () => {
  let ledger: TestLedger;
  let restarted: NestFastifyApplication | undefined;
  afterAll(async () => {
    await restarted?.close();
    fs.rmSync(ledger.dataDir, { recursive: true, force: true });
  });

  it('signs the rest at shutdown, rebuilds the tree on start, and the next checkpoint is consistent', async () => {
    ledger = await startTestLedger({ env: ENV });
    let http: Http = ledger.http;
    for (const id of ['acct_r1', 'acct_r2', 'acct_r3', 'acct_r4', 'acct_r5']) {
      expect((await provider(http, ledger.keys.provider, '/v1/accounts', openAccountBody(id))).status).toBe(201);
    }
    await auditorClient(http, ledger.keys.auditor).checkpointOf(4);
    await ledger.app.close(); // the shutdown checkpoint covers leaf 4 too

    restarted = await createApp(
      loadConfig({
        ...ENV,
        LEDGER_DATA_DIR: ledger.dataDir,
        LEDGER_LOG_LEVEL: 'silent',
        LEDGER_API_KEYS: (['provider', 'auditor'] as const)
          .map((role) => `e2e-${role}:${role}:${hashApiKey(ledger.keys[role])}`)
          .join(','),
      }),
    );
    await restarted.init();
    await restarted.getHttpAdapter().getInstance().ready();
    const app = restarted;
    http = () => request(app.getHttpServer());
    const auditor = auditorClient(http, ledger.keys.auditor);
    const vkey = parseVerifierKey((await http().get('/v1/ledger.vkey')).text);

    const atShutdown = await auditor.latest();
    expect(atShutdown?.treeSize).toBe(5);
    expect(openCheckpoint(atShutdown!.note, [vkey], ORIGIN).checkpoint.treeSize).toBe(5n);
    await app.get(CheckpointSealer).whenCaughtUp();
    expect(app.get(CheckpointSealer).tree.root(5).toString('hex')).toBe(atShutdown!.rootHash);

    for (const id of ['acct_r6', 'acct_r7', 'acct_r8', 'acct_r9']) {
      expect((await provider(http, ledger.keys.provider, '/v1/accounts', openAccountBody(id))).status).toBe(201);
    }
    const next = await auditor.checkpointOf(9);
    expect(next.treeSize).toBe(9);
    const consistency = await auditor.get('/v1/proofs/consistency').query({ from: 5 });
    expect(
      verifyConsistency(
        5,
        9,
        hex(atShutdown!.rootHash),
        hex(next.rootHash),
        (consistency.body.proof as string[]).map(hex),
      ),
    ).toBe(true);
    expect((await readCheckpointRecords(app)).map((record) => record.data.treeSize)).toEqual([4, 5, 9]);
  });
});

async function readCheckpointRecords(app: NestFastifyApplication) {
  const store = app.get<EventStore>(EVENT_STORE);
  const records: { type: string; actor: string; data: { treeSize: number; rootHash: string; note: string } }[] = [];
  for await (const stored of store.readStream(CHECKPOINT_STREAM)) {
    records.push({
      type: stored.record.type,
      actor: stored.record.meta.actor,
      data: stored.record.data as { treeSize: number; rootHash: string; note: string },
    });
  }
  return records;
}

describe('sealer on a timer (e2e)', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startTestLedger({
      env: { LEDGER_CHECKPOINT_EVERY_RECORDS: '1000', LEDGER_CHECKPOINT_EVERY_SECONDS: '1' },
    });
  });
  afterAll(async () => ledger.close());

  it('signs a grown tree after LEDGER_CHECKPOINT_EVERY_SECONDS, well before the record count', async () => {
    const auditor = auditorClient(ledger.http, ledger.keys.auditor);
    expect((await provider(ledger.http, ledger.keys.provider, '/v1/accounts', openAccountBody('acct_t'))).status).toBe(
      201,
    );
    expect((await auditor.checkpointOf(1)).treeSize).toBe(1);
  });
});
