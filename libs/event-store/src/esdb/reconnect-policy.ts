/** How the EventStoreDB adapter rides out a dropped connection. */
export interface ReconnectPolicy {
  /** first pause before trying again (ms); doubles per attempt */
  initialDelayMs: number;
  /** the pause never grows beyond this (ms) */
  maxDelayMs: number;
  /** attempts after the first for an append, a read page or pinning `end` (each safe to repeat) */
  appendAttempts: number;
  /** a subscription keeps resubscribing until the connection has been failing this long (ms) */
  giveUpAfterMs: number;
}

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  appendAttempts: 5,
  giveUpAfterMs: 5 * 60_000,
};

export function backoffDelay(policy: ReconnectPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 20));
}

/** Waits `ms`, or less if the signal aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
