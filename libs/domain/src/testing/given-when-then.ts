import { expect } from '@jest/globals';
import { type Command, type Decider, type DecisionContext, type DomainEvent } from '../shared/domain-event';
import { type DomainError, type DomainErrorKind } from '../shared/errors';

/**
 * Domain specs as given / when / then (Emmett's DeciderSpecification, written for our decide signature).
 *
 * @example
 * given(accountDecider, [opened]).when(closeAccount, context).then([closed]);
 * given(accountDecider, [opened, closed]).when(flagAccount, context).thenThrows(IllegalStateError, 'account-closed');
 */
export function given<C extends Command, E extends DomainEvent, S, Ctx extends DecisionContext>(
  decider: Decider<C, E, S, Ctx>,
  history: readonly E[],
) {
  const state = history.reduce((current, event) => decider.evolve(current, event), decider.initialState());
  return {
    state,
    when(command: C, context: Ctx) {
      const run = () => decider.decide(command, state, context);
      return {
        /** the decided events equal `expected` exactly (order and every member) */
        then(expected: readonly E[]): E[] {
          const events = run();
          expect(events).toEqual(expected);
          return events;
        },
        /** inspect the decided events with your own assertions; returns them and the state after them */
        thenEvents(assert: (events: E[], after: S) => void): E[] {
          const events = run();
          assert(
            events,
            events.reduce((current, event) => decider.evolve(current, event), state),
          );
          return events;
        },
        /** the decision is refused with an error of this class, code and (optionally) kind */
        thenThrows(
          errorClass: abstract new (...args: never[]) => DomainError,
          code: string,
          kind?: DomainErrorKind,
        ): DomainError {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorClass);
          const error = thrown as DomainError;
          expect(error.code).toBe(code);
          if (kind !== undefined) expect(error.kind).toBe(kind);
          expect(error.message.length).toBeGreaterThan(0);
          return error;
        },
      };
    },
  };
}
