import type { DomainEvent } from '@cip/domain';

/** How to fold one kind of stream into state: the decider's evolve and initial state. */
export interface StreamModel<S> {
  initialState(): S;
  evolve(state: S, event: DomainEvent): S;
}
