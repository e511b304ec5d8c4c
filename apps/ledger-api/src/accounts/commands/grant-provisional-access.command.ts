import { Command } from '@nestjs/cqrs';
import type { GrantProvisionalAccess } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class GrantProvisionalAccessCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: GrantProvisionalAccess['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
