import { type Decider, type DecisionContext } from '../shared/domain-event';
import { ValidationError } from '../shared/errors';
import * as check from '../shared/validate';
import { type InvestigatorCommand } from './investigator.commands';
import { type InvestigatorEvent, type InvestigatorQuery } from './investigator.events';
import { initialInvestigatorReadsState, type InvestigatorReadsState } from './investigator.state';

/**
 * Records an investigator's query. Nothing is refused for state reasons: every read must be recorded;
 * only an unattributable read (no actor, no case reference) is refused, so it cannot be run.
 */
export function decideInvestigatorRead(
  command: InvestigatorCommand,
  _state: InvestigatorReadsState,
  context: DecisionContext,
): InvestigatorEvent[] {
  const { data } = command;
  const actor = check.text(data.actor, 'actor', 200);
  if (typeof data.caseReference !== 'string' || data.caseReference.trim() === '') {
    throw new ValidationError('case-reference-required', 'caseReference: every investigator read names its case', {
      field: 'caseReference',
    });
  }
  const caseReference = check.text(data.caseReference, 'caseReference', 200);
  const query = investigatorQuery(data.query);
  const { resultCount } = data;
  if (typeof resultCount !== 'number' || !Number.isSafeInteger(resultCount) || resultCount < 0) {
    throw new ValidationError('invalid-count', 'resultCount: must be a non-negative integer', { field: 'resultCount' });
  }
  const occurredAt = check.occurredAt(data.occurredAt, context.now);
  return [{ type: 'RecordsAccessed', schema: 1, data: { actor, caseReference, query, resultCount, occurredAt } }];
}

function investigatorQuery(value: unknown): InvestigatorQuery {
  const raw = check.plainObject(value, 'query');
  const kind = check.text(raw.kind, 'query.kind', 100);
  const parameters = check.plainObject(raw.parameters, 'query.parameters');
  for (const [name, parameter] of Object.entries(parameters)) {
    const scalar = parameter === null || ['string', 'number', 'boolean'].includes(typeof parameter);
    if (!scalar) {
      throw new ValidationError(
        'invalid-parameter',
        `query.parameters.${name}: must be a string, number, boolean or null`,
        {
          field: `query.parameters.${name}`,
        },
      );
    }
  }
  return { kind, parameters: { ...(parameters as InvestigatorQuery['parameters']) } };
}

export function evolveInvestigatorReads(
  state: InvestigatorReadsState,
  event: InvestigatorEvent,
): InvestigatorReadsState {
  switch (event.type) {
    case 'RecordsAccessed':
      return { reads: state.reads + 1 };
  }
}

export const investigatorReadsDecider: Decider<InvestigatorCommand, InvestigatorEvent, InvestigatorReadsState> = {
  decide: decideInvestigatorRead,
  evolve: evolveInvestigatorReads,
  initialState: initialInvestigatorReadsState,
};
