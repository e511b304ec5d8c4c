import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { specialMeasureKind } from '../special-measure-kind';
import { ExtendSpecialMeasureCommand } from './extend-special-measure.command';

@CommandHandler(ExtendSpecialMeasureCommand)
export class ExtendSpecialMeasureHandler implements ICommandHandler<ExtendSpecialMeasureCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: ExtendSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run(specialMeasureKind, { type: 'ExtendSpecialMeasure', data: command.data }, command.meta);
  }
}
