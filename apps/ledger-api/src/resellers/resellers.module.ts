import { Module } from '@nestjs/common';
import { RESELLERS_COMMAND_HANDLERS } from './commands';
import { ResellerDecisions } from './reseller-decisions.service';
import { ResellersController } from './resellers.controller';

@Module({
  controllers: [ResellersController],
  providers: [ResellerDecisions, ...RESELLERS_COMMAND_HANDLERS],
})
export class ResellersModule {}
