/** Injection tokens for the things the app wires from configuration (ports and settings). */
export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const KEY_STORE = Symbol('KEY_STORE');
export const CLOCK = Symbol('CLOCK');

/** The time source of `recordedAt`; injectable so tests and replays can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
