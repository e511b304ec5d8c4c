import { type Command, type IsoInstant } from '../shared/domain-event';
import { type InvestigatorQuery } from './investigator.events';

/** Appended to `investigator-reads-{day of occurredAt}` for every investigator query. */
export type RecordInvestigatorRead = Command<
  'RecordInvestigatorRead',
  { actor: string; caseReference: string; query: InvestigatorQuery; resultCount: number; occurredAt?: IsoInstant }
>;

export type InvestigatorCommand = RecordInvestigatorRead;
