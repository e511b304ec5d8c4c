import type Database from 'better-sqlite3';
import type { LogFilter } from '../event-store.port';

/** position, stream, type, hash, record text (null when the query left it out: read it by position) */
export type LogRow = [number, string, string, string, string | null];

/**
 * SQL for a page of the global log that reads a record's text only when the consumer may want it: not at all
 * for a consumer that asked for no bodies, and for a filtered read only for rows the filter may pass (a row's
 * text is most of its size, and a narrow filter, such as the special-measure registry's, skips nearly all).
 * The SQL condition is only an economy: matchesLogFilter stays the judge, and a row it passes whose text was
 * left out is read by position (toStoredRecord), so the two need not agree exactly.
 */
function logPageSql(direction: 'forwards' | 'backwards', filter: LogFilter | undefined, bodies: boolean): string {
  const condition = bodies ? filterCondition(filter) : undefined;
  const text = !bodies ? 'NULL' : condition === undefined ? 'record' : `CASE WHEN ${condition} THEN record END`;
  return direction === 'forwards'
    ? `SELECT position, stream, type, hash, ${text} FROM records WHERE position >= ? ORDER BY position LIMIT ?`
    : `SELECT position, stream, type, hash, ${text} FROM records WHERE position <= ? ORDER BY position DESC LIMIT ?`;
}

function filterCondition(filter: LogFilter | undefined): string | undefined {
  if (!filter) return undefined;
  const conditions: string[] = [];
  const startsWith = (prefix: string) => `substr(stream, 1, length(${literal(prefix)})) = ${literal(prefix)}`;
  if (filter.streamPrefixes && filter.streamPrefixes.length > 0) {
    conditions.push(`(${filter.streamPrefixes.map(startsWith).join(' OR ')})`);
  }
  if (filter.eventTypes && filter.eventTypes.length > 0) {
    conditions.push(`type IN (${filter.eventTypes.map(literal).join(', ')})`);
  }
  if (filter.excludeStreamPrefixes && filter.excludeStreamPrefixes.length > 0) {
    conditions.push(`NOT (${filter.excludeStreamPrefixes.map(startsWith).join(' OR ')})`);
  }
  return conditions.length > 0 ? conditions.join(' AND ') : undefined;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Prepared page statements, one per direction, filter and body choice (a handful per process). */
export class LogPageStatements {
  private readonly cache = new Map<string, Database.Statement<[number, number], LogRow>>();

  constructor(private readonly db: Database.Database) {}

  page(direction: 'forwards' | 'backwards', filter: LogFilter | undefined, bodies: boolean) {
    const sql = logPageSql(direction, filter, bodies);
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare<[number, number], LogRow>(sql).raw(true);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}
