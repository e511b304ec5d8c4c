import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { AddPaymentMeansCommand } from './add-payment-means.command';

@CommandHandler(AddPaymentMeansCommand)
export class AddPaymentMeansHandler implements ICommandHandler<AddPaymentMeansCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: AddPaymentMeansCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'AddPaymentMeans', data: command.data }, command.meta);
  }
}
