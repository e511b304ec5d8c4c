import { type DomainEvent, type IsoInstant } from '../shared/domain-event';

/**
 * What an investigator asked. `parameters` are the query's inputs; those that identify a person
 * (email, phone, nationalId, paymentIdentifier, name) are PII and sealed like any other PII member,
 * so searching for someone does not leave their identifiers in clear in the read log.
 */
export interface InvestigatorQuery {
  /** e.g. `account-history`, `search-by-email`, `accounts-by-ip`, `export-bundle` */
  kind: string;
  parameters: Record<string, string | number | boolean | null>;
}

export const PII_QUERY_PARAMETERS = ['email', 'phone', 'nationalId', 'paymentIdentifier', 'name'] as const;

export type RecordsAccessed = DomainEvent<
  'RecordsAccessed',
  {
    /** the investigator's identity (user id or API key name); not PII of a data subject */
    actor: string;
    caseReference: string;
    query: InvestigatorQuery;
    resultCount: number;
    occurredAt: IsoInstant;
  },
  1
>;

export type InvestigatorEvent = RecordsAccessed;
export type InvestigatorEventType = InvestigatorEvent['type'];
