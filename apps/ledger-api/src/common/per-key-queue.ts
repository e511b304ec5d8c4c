/**
 * Runs work for one key at a time, in arrival order, while different keys run concurrently.
 *
 * The LedgerWriter queues commands per stream: in one process, two commands on the same stream would
 * otherwise both read revision n, both append at n + 1, and one would lose and retry. Against a remote
 * store (EventStoreDB) a burst of such retries can exhaust the retry budget; queued, they never conflict,
 * and optimistic concurrency is left for writers in other processes.
 *
 * @example
 *   const queue = new PerKeyQueue();
 *   await Promise.all([queue.run('account-1', first), queue.run('account-1', second)]); // second after first
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(work) : work();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** keys with work queued or running */
  get size(): number {
    return this.tails.size;
  }
}
