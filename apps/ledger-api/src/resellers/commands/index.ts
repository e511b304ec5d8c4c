import { OnboardResellerHandler } from './onboard-reseller.handler';
import { UpdateResellerCipHandler } from './update-reseller-cip.handler';
import { RecordResellerNoncomplianceHandler } from './record-reseller-noncompliance.handler';
import { TerminateResellerHandler } from './terminate-reseller.handler';

export * from './onboard-reseller.command';
export * from './update-reseller-cip.command';
export * from './record-reseller-noncompliance.command';
export * from './terminate-reseller.command';

/** Every command handler of this feature, for the module's providers. */
export const RESELLERS_COMMAND_HANDLERS = [
  OnboardResellerHandler,
  UpdateResellerCipHandler,
  RecordResellerNoncomplianceHandler,
  TerminateResellerHandler,
];
