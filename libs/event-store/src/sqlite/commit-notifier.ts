import { EventEmitter } from 'node:events';
import path from 'node:path';

/**
 * One emitter per log file in this process, so that every store instance opened on the same file (the API and
 * a projection worker in one process, say) wakes the others' subscriptions at once after a commit. Writes from
 * other processes are only seen by polling.
 */
const notifiers = new Map<string, { emitter: EventEmitter; users: number; commits: number }>();

export interface CommitNotifier {
  notifyCommit(): void;
  /** how many commits were notified so far: compare before and after a read to know whether to wait */
  commits(): number;
  /** calls `listener` once, at the next commit; returns a function that cancels it */
  onceCommitted(listener: () => void): () => void;
  release(): void;
}

export function commitNotifierFor(file: string): CommitNotifier {
  const key = path.resolve(file);
  let entry = notifiers.get(key);
  if (!entry) {
    entry = { emitter: new EventEmitter(), users: 0, commits: 0 };
    // every open subscription waits with one listener: many are normal, not a leak
    entry.emitter.setMaxListeners(0);
    notifiers.set(key, entry);
  }
  entry.users++;
  const shared = entry;
  const { emitter } = entry;
  let released = false;
  return {
    notifyCommit: () => {
      shared.commits++;
      emitter.emit('commit');
    },
    commits: () => shared.commits,
    onceCommitted: (listener) => {
      emitter.once('commit', listener);
      return () => emitter.off('commit', listener);
    },
    release: () => {
      if (released) return;
      released = true;
      const current = notifiers.get(key);
      if (current && --current.users === 0) notifiers.delete(key);
    },
  };
}
