import type { HashedRecord } from '@cip/integrity';
import type { LogRow } from './log-page-query';

/**
 * What a live subscription needs of an append until its commit: the records' types and hashes, and their texts
 * only when some subscription wants bodies. These are the strings the caller's records already hold (no copy),
 * not the block sent to the writer thread: kept to the commit, the blocks of a bulk request (its every record's
 * text) outlived several scavenges and cost more garbage-collection time than reading the rows back had.
 */
export interface AppendedRows {
  stream: string;
  types: string[];
  hashes: string[];
  texts: readonly string[] | undefined;
}

export function appendedRows(
  stream: string,
  records: readonly HashedRecord[],
  texts: readonly string[],
  bodies: boolean,
): AppendedRows {
  const types = new Array<string>(records.length);
  const hashes = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    types[i] = records[i].record.type;
    hashes[i] = records[i].hash;
  }
  return { stream, types, hashes, texts: bodies ? texts : undefined };
}

/**
 * An append this store instance has just committed: its records stand at positions `first` to `last`, one after
 * another (the writer reported both ends, and an append's rows are inserted together inside one transaction,
 * so nothing else lies between them).
 */
export interface CommittedAppend {
  first: number;
  last: number;
  rows: AppendedRows;
}

/**
 * The log's rows after position `after`, as the table holds them, taken from appends just committed instead of
 * read back: up to `limit` rows from position `after + 1` on, for as long as the appends continue each other
 * without a gap. Undefined when the first of them does not continue `after` (another writer's records lie in
 * between, or these were read from the table already): the caller then reads the table, which has everything.
 * A row's text is left out (null: read by position if ever wanted) unless `bodies` and the append kept it.
 *
 * Why this is the table's content: positions are whole numbers, each append's rows are consecutive, and a row is
 * only taken at exactly the position after the last one taken, starting right after `after`.
 */
export function rowsAfter(
  appends: readonly CommittedAppend[],
  after: number,
  limit: number,
  bodies: boolean,
): LogRow[] | undefined {
  const rows: LogRow[] = [];
  let next = after + 1;
  for (const { first, last, rows: appended } of appends) {
    if (rows.length >= limit || first > next) break;
    if (last < next) continue;
    const { stream, types, hashes, texts } = appended;
    for (let i = next - first; i < types.length && rows.length < limit; i++) {
      rows.push([next, stream, types[i], hashes[i], bodies ? (texts?.[i] ?? null) : null]);
      next++;
    }
  }
  return rows.length > 0 ? rows : undefined;
}
