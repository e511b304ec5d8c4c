import { type ResellerCommand, type ResellerState, decideReseller, resellerStream } from '@cip/domain';
import type { OwnStreamKind } from '../ledger/own-stream-decisions';
import { resellerModel } from '../ledger/stream-models';

/** Reseller commands are decided on the reseller's stream alone; reseller streams hold no PII. */
export const resellerKind: OwnStreamKind<ResellerCommand, ResellerState> = {
  model: resellerModel,
  target: ({ data }) => ({ stream: resellerStream(data.resellerId), subjectId: data.resellerId }),
  decide: decideReseller,
};
