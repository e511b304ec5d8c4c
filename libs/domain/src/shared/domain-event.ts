import { type LedgerPolicy } from './policy';

/**
 * A domain event as the deciders produce it: no record envelope. The command handler wraps each one into
 * a LedgerRecord (stream, revision, id, recordedAt, meta, prev) before appending it.
 *
 * @example const opened: AccountOpened = { type: 'AccountOpened', schema: 1, data: { ... } };
 */
export interface DomainEvent<
  Type extends string = string,
  Data extends object = object,
  Schema extends number = number,
> {
  readonly type: Type;
  /** version of this event type's data schema; see `eventSchemaVersions` */
  readonly schema: Schema;
  readonly data: Data;
}

/** An imperative request to change one stream, e.g. `{ type: 'OpenAccount', data: { ... } }`. */
export interface Command<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** What every decide function receives besides the command and the stream's state. */
export interface DecisionContext {
  /** the ledger's clock; defaults for missing `occurredAt` and all "not in the future" checks use it */
  readonly now: Date;
  readonly policy: LedgerPolicy;
}

/**
 * The three functions of one stream kind (Emmett's decider shape). `decide` is pure and throws a
 * DomainError when it refuses; refusals that matter to an audit are returned as events instead.
 */
export interface Decider<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext = DecisionContext> {
  decide(command: C, state: S, context: Ctx): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** UTC instant as ISO-8601 text; deciders always write the millisecond form `2026-12-01T04:19:46.123Z`. */
export type IsoInstant = string;

/** Calendar date `YYYY-MM-DD` (dates of birth). */
export type IsoDate = string;

/** ISO 3166-1 alpha-2 country code, upper case (`DE`, `US`). */
export type CountryCode = string;
