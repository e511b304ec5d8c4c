import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { AccountDecisions } from '../account-decisions.service';
import { RecordVerificationFailureCommand } from './record-verification-failure.command';

@CommandHandler(RecordVerificationFailureCommand)
export class RecordVerificationFailureHandler implements ICommandHandler<RecordVerificationFailureCommand> {
  constructor(private readonly decisions: AccountDecisions) {}

  execute(command: RecordVerificationFailureCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'RecordVerificationFailure', data: command.data }, command.meta);
  }
}
