import type { LogRow } from './log-page-query';
import type { WireAppend } from './sqlite-log-writer';

const HASH_HEX_LENGTH = 64;

/**
 * An append this store instance has just committed, as its writer inserted it: the records of `append` stand at
 * positions `first` to `last`, one after another (the writer reported both ends, and an append's rows are
 * inserted together inside one transaction, so nothing else lies between them).
 */
export interface CommittedAppend {
  first: number;
  last: number;
  append: WireAppend;
}

/**
 * The log's rows after position `after`, as the table holds them, taken from appends just committed instead of
 * read back: up to `limit` rows from position `after + 1` on, for as long as the appends continue each other
 * without a gap. Undefined when the first of them does not continue `after` (another writer's records lie in
 * between, or these were read from the table already): the caller then reads the table, which has everything.
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
  for (const { first, last, append } of appends) {
    if (rows.length >= limit || first > next) break;
    if (last < next) continue;
    const { stream, block, lengths } = append;
    let at = 0;
    for (let i = 0; i < append.count && rows.length < limit; i++) {
      const typeStart = at + lengths[3 * i];
      const hashStart = typeStart + lengths[3 * i + 1];
      const textStart = hashStart + HASH_HEX_LENGTH;
      at = textStart + lengths[3 * i + 2];
      if (first + i < next) continue;
      rows.push([
        next,
        stream,
        block.slice(typeStart, hashStart),
        block.slice(hashStart, textStart),
        bodies ? block.slice(textStart, at) : null,
      ]);
      next++;
    }
  }
  return rows.length > 0 ? rows : undefined;
}
