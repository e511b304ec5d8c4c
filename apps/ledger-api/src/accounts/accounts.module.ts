import { Module } from '@nestjs/common';
import { AccountDecisions } from './account-decisions.service';
import { AccountsController } from './accounts.controller';
import { ACCOUNTS_COMMAND_HANDLERS } from './commands';

@Module({
  controllers: [AccountsController],
  providers: [AccountDecisions, ...ACCOUNTS_COMMAND_HANDLERS],
})
export class AccountsModule {}
