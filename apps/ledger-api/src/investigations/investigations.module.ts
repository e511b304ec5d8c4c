import { Module } from '@nestjs/common';
import { AccountHistory } from './account-history.service';
import { InvestigationsController } from './investigations.controller';
import { InvestigatorReadLog } from './investigator-read-log.service';

/** Investigator queries: account history replayed from the log; every read recorded in investigator-reads. */
@Module({
  controllers: [InvestigationsController],
  providers: [AccountHistory, InvestigatorReadLog],
})
export class InvestigationsModule {}
