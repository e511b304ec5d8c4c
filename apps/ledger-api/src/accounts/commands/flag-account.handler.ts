import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { FlagAccountCommand } from './flag-account.command';

@CommandHandler(FlagAccountCommand)
export class FlagAccountHandler implements ICommandHandler<FlagAccountCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: FlagAccountCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'FlagAccount', data: command.data }, command.meta);
  }
}
