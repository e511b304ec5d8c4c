import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { ReleaseLegalHoldCommand } from './release-legal-hold.command';

@CommandHandler(ReleaseLegalHoldCommand)
export class ReleaseLegalHoldHandler implements ICommandHandler<ReleaseLegalHoldCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: ReleaseLegalHoldCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'ReleaseLegalHold', data: command.data }, command.meta);
  }
}
