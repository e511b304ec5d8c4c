import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  type DataKey,
  type KeyStore,
  KeyShreddedError,
  SealTamperedError,
  UnknownDataKeyError,
  blindIndexKeyAad,
  dataKeyAad,
  unwrapKey,
  wrapKey,
} from '@cip/integrity';

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}

export interface SqliteKeyStoreOptions {
  /** unwrapped data keys kept in memory (least recently used dropped first); default 10,000, 0 for none */
  cacheSize?: number;
  /** clock for created/destroyed times (ISO-8601) */
  now?: () => string;
}

interface DataKeyRow {
  kid: string;
  subject_id: string;
  wrapped: Buffer | null;
  destroyed_at: string | null;
}

// A known value wrapped under the master key when the store is created: opening the store with another
// master key fails at once with a clear message instead of at the first sealed value.
const MASTER_CHECK_AAD = 'cip-ledger-key|master-check|v1';

/**
 * The embedded key store: one SQLite file holding every data key wrapped (AES-256-GCM) under the master key.
 * Destroying a key overwrites its wrapped bytes with nothing and keeps a tombstone, so opening a shredded
 * value says "shredded" rather than "unknown". `secure_delete` and a WAL checkpoint after each destroy make
 * SQLite overwrite the freed bytes instead of leaving them in free pages or the write-ahead log.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, DataKey>();
  private readonly cacheSize: number;
  private readonly now: () => string;

  constructor(
    file: string,
    private readonly masterKey: Buffer,
    options: SqliteKeyStoreOptions = {},
  ) {
    if (masterKey.length !== 32) throw new KeyStoreError('the master key is 32 bytes');
    this.cacheSize = options.cacheSize ?? 10_000;
    this.now = options.now ?? (() => new Date().toISOString());
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('secure_delete = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS data_keys (
        kid TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL UNIQUE,
        wrapped BLOB,
        created_at TEXT NOT NULL,
        destroyed_at TEXT
      );
      CREATE TABLE IF NOT EXISTS service_keys (
        purpose TEXT PRIMARY KEY,
        kid TEXT NOT NULL,
        wrapped BLOB NOT NULL,
        created_at TEXT NOT NULL
      );`);
    this.checkMasterKey();
  }

  getOrCreateDataKey(subjectId: string): Promise<DataKey> {
    return Promise.resolve().then(() => {
      const row = this.db.prepare<[string], DataKeyRow>('SELECT * FROM data_keys WHERE subject_id = ?').get(subjectId);
      if (row !== undefined) return this.unwrapRow(row);
      const kid = `dk_${randomBytes(16).toString('base64url')}`;
      const key = randomBytes(32);
      this.db
        .prepare('INSERT INTO data_keys (kid, subject_id, wrapped, created_at) VALUES (?, ?, ?, ?)')
        .run(kid, subjectId, wrapKey(this.masterKey, key, dataKeyAad(kid)), this.now());
      return this.remember({ kid, subjectId, key });
    });
  }

  getDataKey(kid: string): Promise<DataKey> {
    return Promise.resolve().then(() => {
      const cached = this.cache.get(kid);
      if (cached !== undefined) {
        this.cache.delete(kid);
        this.cache.set(kid, cached);
        return cached;
      }
      const row = this.db.prepare<[string], DataKeyRow>('SELECT * FROM data_keys WHERE kid = ?').get(kid);
      if (row === undefined) throw new UnknownDataKeyError(kid);
      return this.unwrapRow(row);
    });
  }

  destroyDataKey(subjectId: string): Promise<boolean> {
    return Promise.resolve().then(() => {
      const row = this.db.prepare<[string], DataKeyRow>('SELECT * FROM data_keys WHERE subject_id = ?').get(subjectId);
      if (row === undefined || row.wrapped === null) return false;
      this.db.prepare('UPDATE data_keys SET wrapped = NULL, destroyed_at = ? WHERE kid = ?').run(this.now(), row.kid);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.cache.delete(row.kid);
      return true;
    });
  }

  getBlindIndexKey(): Promise<Buffer> {
    return Promise.resolve().then(() => this.serviceKey('blind-index'));
  }

  close(): void {
    this.cache.clear();
    this.db.close();
  }

  private serviceKey(purpose: string): Buffer {
    const row = this.db
      .prepare<[string], { kid: string; wrapped: Buffer }>('SELECT kid, wrapped FROM service_keys WHERE purpose = ?')
      .get(purpose);
    if (row !== undefined) return unwrapKey(this.masterKey, row.wrapped, blindIndexKeyAad(row.kid));
    const kid = `ik_${randomBytes(16).toString('base64url')}`;
    const key = randomBytes(32);
    this.db
      .prepare('INSERT INTO service_keys (purpose, kid, wrapped, created_at) VALUES (?, ?, ?, ?)')
      .run(purpose, kid, wrapKey(this.masterKey, key, blindIndexKeyAad(kid)), this.now());
    return key;
  }

  private unwrapRow(row: DataKeyRow): DataKey {
    if (row.wrapped === null) throw new KeyShreddedError(row.kid, row.destroyed_at ?? undefined);
    const key = unwrapKey(this.masterKey, row.wrapped, dataKeyAad(row.kid));
    return this.remember({ kid: row.kid, subjectId: row.subject_id, key });
  }

  private remember(dataKey: DataKey): DataKey {
    if (this.cacheSize > 0) {
      this.cache.set(dataKey.kid, dataKey);
      if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    }
    return dataKey;
  }

  private checkMasterKey(): void {
    const row = this.db
      .prepare<[], { wrapped: Buffer }>("SELECT wrapped FROM service_keys WHERE purpose = 'master-check'")
      .get();
    if (row === undefined) {
      this.db
        .prepare("INSERT INTO service_keys (purpose, kid, wrapped, created_at) VALUES ('master-check', 'check', ?, ?)")
        .run(wrapKey(this.masterKey, Buffer.alloc(32), MASTER_CHECK_AAD), this.now());
      return;
    }
    try {
      unwrapKey(this.masterKey, row.wrapped, MASTER_CHECK_AAD);
    } catch (error) {
      if (error instanceof SealTamperedError) {
        throw new KeyStoreError('the master key does not open this key store: check LEDGER_MASTER_KEY_FILE');
      }
      throw error;
    }
  }
}
