import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { resellerKind } from '../reseller-kind';
import { RecordResellerNoncomplianceCommand } from './record-reseller-noncompliance.command';

@CommandHandler(RecordResellerNoncomplianceCommand)
export class RecordResellerNoncomplianceHandler implements ICommandHandler<RecordResellerNoncomplianceCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: RecordResellerNoncomplianceCommand): Promise<AppendOutcome> {
    return this.decisions.run(resellerKind, { type: 'RecordResellerNoncompliance', data: command.data }, command.meta);
  }
}
