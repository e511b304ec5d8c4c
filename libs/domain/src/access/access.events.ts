import { type DomainEvent, type IsoInstant } from '../shared/domain-event';

export type AccessKind = 'access' | 'administrative';

/** One access or administrative action on an account, with the IP it came from. IPs and times are not PII. */
export type AccessRecorded = DomainEvent<
  'AccessRecorded',
  {
    /** IPv4 or IPv6 address as given (validated with node:net isIP) */
    ip: string;
    at: IsoInstant;
    kind: AccessKind;
    /** what was done, for administrative actions, e.g. `iam:CreateUser` */
    action?: string;
    /** the key, token or login used; an id, never the secret */
    credentialId?: string;
  },
  1
>;

export type AccessEvent = AccessRecorded;
export type AccessEventType = AccessEvent['type'];
