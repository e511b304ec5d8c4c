import { Module } from '@nestjs/common';
import { CheckpointSealer } from './checkpoint-sealer.service';

/** The in-process sealer: Merkle tree of the log and signed checkpoints (see CheckpointSealer). */
@Module({
  providers: [CheckpointSealer],
  exports: [CheckpointSealer],
})
export class SealerModule {}
