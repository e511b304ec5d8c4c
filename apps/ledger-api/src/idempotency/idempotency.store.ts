import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** What was answered the first time a key was used. */
export interface StoredResponse {
  requestHash: string;
  status: number;
  /** the response body as JSON text: kept and replayed as sent, never parsed on the way */
  body: string;
}

/**
 * Idempotency-Key records: (caller, key) -> hash of the request and the response it got. A SQLite file in
 * the data directory in both deployments (see docs/adr/0010-api-idempotency-and-if-match.md): the deterministic record
 * ids are what make a retry safe at the store; this table is what lets us answer it with the original
 * response.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly selectStatement: Database.Statement<
    [string, string],
    { request_hash: string; status: number; body: string }
  >;
  private readonly insertStatement: Database.Statement<[string, string, string, number, string, string]>;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      actor TEXT NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status INTEGER NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (actor, key)
    ) WITHOUT ROWID`);
    this.selectStatement = this.db.prepare(
      'SELECT request_hash, status, body FROM idempotency_keys WHERE actor = ? AND key = ?',
    );
    this.insertStatement = this.db.prepare(
      'INSERT OR IGNORE INTO idempotency_keys (actor, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  find(actor: string, key: string): StoredResponse | undefined {
    const row = this.selectStatement.get(actor, key);
    return row && { requestHash: row.request_hash, status: row.status, body: row.body };
  }

  /** First writer wins: a concurrent duplicate that got this far keeps the stored answer. */
  save(actor: string, key: string, response: StoredResponse, at: Date): void {
    this.insertStatement.run(actor, key, response.requestHash, response.status, response.body, at.toISOString());
  }

  close(): void {
    this.db.close();
  }
}
