import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { ResellerDecisions } from '../reseller-decisions.service';
import { UpdateResellerCipCommand } from './update-reseller-cip.command';

@CommandHandler(UpdateResellerCipCommand)
export class UpdateResellerCipHandler implements ICommandHandler<UpdateResellerCipCommand> {
  constructor(private readonly decisions: ResellerDecisions) {}

  execute(command: UpdateResellerCipCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'UpdateResellerCip', data: command.data }, command.meta);
  }
}
