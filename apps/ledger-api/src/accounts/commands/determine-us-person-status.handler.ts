import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { DetermineUsPersonStatusCommand } from './determine-us-person-status.command';

@CommandHandler(DetermineUsPersonStatusCommand)
export class DetermineUsPersonStatusHandler implements ICommandHandler<DetermineUsPersonStatusCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: DetermineUsPersonStatusCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'DetermineUsPersonStatus', data: command.data }, command.meta);
  }
}
