import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { resellerKind } from '../reseller-kind';
import { UpdateResellerCipCommand } from './update-reseller-cip.command';

@CommandHandler(UpdateResellerCipCommand)
export class UpdateResellerCipHandler implements ICommandHandler<UpdateResellerCipCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: UpdateResellerCipCommand): Promise<AppendOutcome> {
    return this.decisions.run(resellerKind, { type: 'UpdateResellerCip', data: command.data }, command.meta);
  }
}
