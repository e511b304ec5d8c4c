import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { PlaceLegalHoldCommand } from './place-legal-hold.command';

@CommandHandler(PlaceLegalHoldCommand)
export class PlaceLegalHoldHandler implements ICommandHandler<PlaceLegalHoldCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: PlaceLegalHoldCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'PlaceLegalHold', data: command.data }, command.meta);
  }
}
