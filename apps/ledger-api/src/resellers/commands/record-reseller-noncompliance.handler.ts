import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { ResellerDecisions } from '../reseller-decisions.service';
import { RecordResellerNoncomplianceCommand } from './record-reseller-noncompliance.command';

@CommandHandler(RecordResellerNoncomplianceCommand)
export class RecordResellerNoncomplianceHandler implements ICommandHandler<RecordResellerNoncomplianceCommand> {
  constructor(private readonly decisions: ResellerDecisions) {}

  execute(command: RecordResellerNoncomplianceCommand): Promise<AppendOutcome> {
    return this.decisions.run({ type: 'RecordResellerNoncompliance', data: command.data }, command.meta);
  }
}
