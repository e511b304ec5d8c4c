import {
  type AccessState,
  type AccountState,
  type DomainEvent,
  type ResellerState,
  type SpecialMeasureState,
  accessDecider,
  accountDecider,
  resellerDecider,
  specialMeasureDecider,
} from '@cip/domain';
import type { StreamModel } from './stream-model';

// The domain's evolve functions take their own event unions; records read back from the store are only
// known to be DomainEvents of their stream, which the stream name guarantees. Hence the casts, here only.

export const accountModel: StreamModel<AccountState> = {
  initialState: () => accountDecider.initialState(),
  evolve: (state, event) => accountDecider.evolve(state, event as Parameters<typeof accountDecider.evolve>[1]),
};

export const accessModel: StreamModel<AccessState> = {
  initialState: () => accessDecider.initialState(),
  evolve: (state, event) => accessDecider.evolve(state, event as Parameters<typeof accessDecider.evolve>[1]),
};

export const resellerModel: StreamModel<ResellerState> = {
  initialState: () => resellerDecider.initialState(),
  evolve: (state, event) => resellerDecider.evolve(state, event as Parameters<typeof resellerDecider.evolve>[1]),
};

export const specialMeasureModel: StreamModel<SpecialMeasureState> = {
  initialState: () => specialMeasureDecider.initialState(),
  evolve: (state, event: DomainEvent) =>
    specialMeasureDecider.evolve(state, event as Parameters<typeof specialMeasureDecider.evolve>[1]),
};
