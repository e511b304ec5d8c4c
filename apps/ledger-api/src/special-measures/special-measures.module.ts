import { Module } from '@nestjs/common';
import { SPECIAL_MEASURES_COMMAND_HANDLERS } from './commands';
import { OwnStreamDecisions } from '../ledger/own-stream-decisions';
import { SpecialMeasuresController } from './special-measures.controller';

@Module({
  controllers: [SpecialMeasuresController],
  providers: [OwnStreamDecisions, ...SPECIAL_MEASURES_COMMAND_HANDLERS],
})
export class SpecialMeasuresModule {}
