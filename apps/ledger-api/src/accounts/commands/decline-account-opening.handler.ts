import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { DeclineAccountOpeningCommand } from './decline-account-opening.command';

@CommandHandler(DeclineAccountOpeningCommand)
export class DeclineAccountOpeningHandler implements ICommandHandler<DeclineAccountOpeningCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: DeclineAccountOpeningCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'DeclineAccountOpening', data: command.data }, command.meta);
  }
}
