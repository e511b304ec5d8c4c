import Database from 'better-sqlite3';

/**
 * The embedded log's file layout. `position` is the rowid: SQLite hands out max(rowid)+1 inside the single
 * writer's transaction and rows are never deleted, so positions are strictly increasing in commit order and a
 * reader never sees a gap close later. The record column holds the compact JSON of the LedgerRecord as given;
 * JSON.parse gives back an object with the same canonical form, so the stored hash still matches.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  position INTEGER PRIMARY KEY,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL,
  id       TEXT    NOT NULL,
  type     TEXT    NOT NULL,
  hash     TEXT    NOT NULL,
  record   TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS records_by_stream ON records (stream, revision);
CREATE TABLE IF NOT EXISTS tombstones (
  stream       TEXT PRIMARY KEY,
  revision     INTEGER,
  tombstonedAt TEXT NOT NULL
) WITHOUT ROWID;
`;

export const LOG_SCHEMA_VERSION = 1;

/**
 * Opens (creating when needed) the log file with the pragmas the store's durability promise rests on.
 * - WAL: readers never block the writer, and a commit is one sequential write to the WAL.
 * - synchronous=FULL: the WAL is fsynced at every commit, so an acknowledged append survives power loss.
 *   (NORMAL in WAL mode only syncs at checkpoints: it survives a process crash but may lose the last commits
 *   on power failure; group commit makes FULL cheap enough that we need not take that risk.)
 * - busy_timeout: another process holding the write lock makes us wait rather than fail.
 */
export function openLogDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // keep the WAL file from staying huge after a bulk load has been checkpointed
  db.pragma('journal_size_limit = 67108864');
  db.pragma('cache_size = -65536');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LOG_SCHEMA_VERSION) {
    db.close();
    throw new Error(`${file} has log schema ${version}; this build reads up to ${LOG_SCHEMA_VERSION}`);
  }
  db.exec(SCHEMA);
  if (version < LOG_SCHEMA_VERSION) db.pragma(`user_version = ${LOG_SCHEMA_VERSION}`);
  return db;
}
