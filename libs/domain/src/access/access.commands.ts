import { type Command, type DecisionContext, type IsoInstant } from '../shared/domain-event';
import { type AccountState } from '../account/account.state';
import { type AccessKind } from './access.events';

export type RecordAccess = Command<
  'RecordAccess',
  { accountId: string; ip: string; at: IsoInstant; kind: AccessKind; action?: string; credentialId?: string }
>;

export type AccessCommand = RecordAccess;

/** Accesses are checked against the account: it must exist, and once closed only earlier accesses are taken. */
export interface AccessContext extends DecisionContext {
  account: AccountState;
}
