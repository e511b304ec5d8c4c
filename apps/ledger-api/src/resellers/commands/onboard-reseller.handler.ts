import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { ResellerDecisions } from '../reseller-decisions.service';
import { OnboardResellerCommand } from './onboard-reseller.command';

@CommandHandler(OnboardResellerCommand)
export class OnboardResellerHandler implements ICommandHandler<OnboardResellerCommand> {
  constructor(private readonly decisions: ResellerDecisions) {}

  execute(command: OnboardResellerCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'OnboardReseller', data: command.data }, command.meta);
  }
}
