import { Module } from '@nestjs/common';
import { RESELLERS_COMMAND_HANDLERS } from './commands';
import { OwnStreamDecisions } from '../ledger/own-stream-decisions';
import { ResellersController } from './resellers.controller';

@Module({
  controllers: [ResellersController],
  providers: [OwnStreamDecisions, ...RESELLERS_COMMAND_HANDLERS],
})
export class ResellersModule {}
