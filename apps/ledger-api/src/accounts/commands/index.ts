import { OpenAccountHandler } from './open-account.handler';
import { DeclineAccountOpeningHandler } from './decline-account-opening.handler';
import { UpdateCustomerInfoHandler } from './update-customer-info.handler';
import { AddPaymentMeansHandler } from './add-payment-means.handler';
import { RemovePaymentMeansHandler } from './remove-payment-means.handler';
import { AddBeneficialOwnerHandler } from './add-beneficial-owner.handler';
import { RemoveBeneficialOwnerHandler } from './remove-beneficial-owner.handler';
import { DetermineUsPersonStatusHandler } from './determine-us-person-status.handler';
import { VerifyIdentityHandler } from './verify-identity.handler';
import { RecordVerificationFailureHandler } from './record-verification-failure.handler';
import { GrantProvisionalAccessHandler } from './grant-provisional-access.handler';
import { FlagAccountHandler } from './flag-account.handler';
import { ResolveFlagHandler } from './resolve-flag.handler';
import { PlaceLegalHoldHandler } from './place-legal-hold.handler';
import { ReleaseLegalHoldHandler } from './release-legal-hold.handler';
import { CloseAccountHandler } from './close-account.handler';

export * from './open-account.command';
export * from './decline-account-opening.command';
export * from './update-customer-info.command';
export * from './add-payment-means.command';
export * from './remove-payment-means.command';
export * from './add-beneficial-owner.command';
export * from './remove-beneficial-owner.command';
export * from './determine-us-person-status.command';
export * from './verify-identity.command';
export * from './record-verification-failure.command';
export * from './grant-provisional-access.command';
export * from './flag-account.command';
export * from './resolve-flag.command';
export * from './place-legal-hold.command';
export * from './release-legal-hold.command';
export * from './close-account.command';

/** Every command handler of this feature, for the module's providers. */
export const ACCOUNTS_COMMAND_HANDLERS = [
  OpenAccountHandler,
  DeclineAccountOpeningHandler,
  UpdateCustomerInfoHandler,
  AddPaymentMeansHandler,
  RemovePaymentMeansHandler,
  AddBeneficialOwnerHandler,
  RemoveBeneficialOwnerHandler,
  DetermineUsPersonStatusHandler,
  VerifyIdentityHandler,
  RecordVerificationFailureHandler,
  GrantProvisionalAccessHandler,
  FlagAccountHandler,
  ResolveFlagHandler,
  PlaceLegalHoldHandler,
  ReleaseLegalHoldHandler,
  CloseAccountHandler,
];
