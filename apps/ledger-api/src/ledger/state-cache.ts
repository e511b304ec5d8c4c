/** A stream's folded state as of `revision` (-1: the stream does not exist yet). */
export interface StreamSnapshot<S> {
  revision: number;
  /** hash of the record at `revision`; null when the stream is empty */
  lastHash: string | null;
  /** id of the record at `revision`; null when the stream is empty */
  lastId: string | null;
  state: S;
}

/**
 * Least-recently-used snapshots by stream, so a hot account is not replayed on every command. A snapshot
 * may be stale when another process wrote the stream: the append's expected revision then fails, the
 * writer drops the entry and reloads. A Map keeps insertion order, so re-inserting on use makes the first
 * key the least recently used.
 */
export class StateCache {
  private readonly entries = new Map<string, StreamSnapshot<unknown>>();

  constructor(private readonly capacity: number) {}

  get<S>(stream: string): StreamSnapshot<S> | undefined {
    const entry = this.entries.get(stream);
    if (entry === undefined) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as StreamSnapshot<S>;
  }

  set<S>(stream: string, snapshot: StreamSnapshot<S>): void {
    if (this.capacity === 0) return;
    this.entries.delete(stream);
    this.entries.set(stream, snapshot);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  invalidate(stream: string): void {
    this.entries.delete(stream);
  }

  get size(): number {
    return this.entries.size;
  }
}
