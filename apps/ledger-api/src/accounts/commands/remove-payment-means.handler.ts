import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { RemovePaymentMeansCommand } from './remove-payment-means.command';

@CommandHandler(RemovePaymentMeansCommand)
export class RemovePaymentMeansHandler implements ICommandHandler<RemovePaymentMeansCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: RemovePaymentMeansCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'RemovePaymentMeans', data: command.data }, command.meta);
  }
}
