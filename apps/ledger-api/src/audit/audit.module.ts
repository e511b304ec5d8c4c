import { Module } from '@nestjs/common';
import { SealerModule } from '../sealer/sealer.module';
import { AuditController } from './audit.controller';

/** Auditor endpoints on the sealer's tree: checkpoints, proofs, the verifier key. */
@Module({
  imports: [SealerModule],
  controllers: [AuditController],
})
export class AuditModule {}
