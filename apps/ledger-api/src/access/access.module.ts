import { Module } from '@nestjs/common';
import { AccessIngest } from './access-ingest.service';
import { AccessController } from './access.controller';
import { ACCESS_COMMAND_HANDLERS } from './commands';

@Module({
  controllers: [AccessController],
  providers: [AccessIngest, ...ACCESS_COMMAND_HANDLERS],
})
export class AccessModule {}
