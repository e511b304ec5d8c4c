import { Command } from '@nestjs/cqrs';
import type { VerifyIdentity } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class VerifyIdentityCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: VerifyIdentity['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
