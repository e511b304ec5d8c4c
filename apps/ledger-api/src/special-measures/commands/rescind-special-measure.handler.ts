import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AppendOutcome } from '../../ledger/ledger-writer.service';
import { OwnStreamDecisions } from '../../ledger/own-stream-decisions';
import { specialMeasureKind } from '../special-measure-kind';
import { RescindSpecialMeasureCommand } from './rescind-special-measure.command';

@CommandHandler(RescindSpecialMeasureCommand)
export class RescindSpecialMeasureHandler implements ICommandHandler<RescindSpecialMeasureCommand> {
  constructor(private readonly decisions: OwnStreamDecisions) {}

  execute(command: RescindSpecialMeasureCommand): Promise<AppendOutcome> {
    return this.decisions.run(specialMeasureKind, { type: 'RescindSpecialMeasure', data: command.data }, command.meta);
  }
}
