import { Command } from '@nestjs/cqrs';
import type { ResolveFlag } from '@cip/domain';
import type { AppendOutcome, CommandMeta } from '../../ledger/ledger-writer.service';

export class ResolveFlagCommand extends Command<AppendOutcome> {
  constructor(
    readonly data: ResolveFlag['data'],
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
