import { Inject, Injectable } from '@nestjs/common';
import {
  type AccountCommand,
  type AccountContext,
  type ResellerState,
  accountStream,
  decideAccount,
  resellerStream,
} from '@cip/domain';
import type { LedgerConfig } from '../config/ledger-config';
import { type AppendOutcome, type CommandMeta, LedgerWriter } from '../ledger/ledger-writer.service';
import { SpecialMeasureRegistry } from '../ledger/special-measure-registry';
import { accountModel, resellerModel } from '../ledger/stream-models';
import { ProblemException } from '../problems/problem';
import { LEDGER_CONFIG } from '../tokens';

/**
 * Runs an account command through the writer with the cross-stream facts the account decider needs: the
 * reseller's state when the command names one, and every special measure. Every account handler uses it.
 */
@Injectable()
export class AccountDecisions {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly measures: SpecialMeasureRegistry,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async run(command: AccountCommand, meta: CommandMeta): Promise<AppendOutcome> {
    const { accountId } = command.data;
    return this.writer.execute({
      stream: accountStream(accountId),
      model: accountModel,
      subjectId: accountId,
      meta,
      decide: async (state, now) => decideAccount(command, state, await this.context(command, now)),
    });
  }

  /** Runs an opening; a recorded decline is answered as a 409 that still reports the record. */
  async open(command: AccountCommand, meta: CommandMeta): Promise<AppendOutcome> {
    const outcome = await this.run(command, meta);
    const declined = outcome.records.find((record) => record.type === 'AccountOpeningDeclined');
    if (declined && command.type === 'OpenAccount') throw declinedOpening(outcome);
    return outcome;
  }

  private async context(command: AccountCommand, now: Date): Promise<AccountContext> {
    const needsMeasures =
      command.type === 'OpenAccount' ||
      command.type === 'DeclineAccountOpening' ||
      command.type === 'AddBeneficialOwner';
    const resellerId =
      (command.type === 'OpenAccount' || command.type === 'DeclineAccountOpening') &&
      command.data.channel?.kind === 'reseller'
        ? command.data.channel.resellerId
        : undefined;
    return {
      now,
      policy: this.config.policy,
      specialMeasures: needsMeasures ? await this.measures.current() : [],
      reseller: resellerId === undefined ? undefined : await this.reseller(resellerId),
    };
  }

  private async reseller(resellerId: string): Promise<ResellerState | null> {
    // another instance may have terminated the reseller: always top the cached state up from the store
    const snapshot = await this.writer.load(resellerStream(resellerId), resellerModel, resellerId, { refresh: true });
    return snapshot.revision < 0 ? null : snapshot.state;
  }
}

/**
 * The opening was refused by a rule (special-measure prohibition, terminated reseller) and the attempt was
 * recorded: a 409 naming the rule, with the record's coordinates as a success would have them.
 */
function declinedOpening(outcome: AppendOutcome): ProblemException {
  const declined = outcome.events.find((event) => event.type === 'AccountOpeningDeclined');
  const data = (declined?.data ?? {}) as { reason?: string; measureId?: string; resellerId?: string };
  const rule = data.reason === 'special-measure' ? 'special-measure-prohibition' : (data.reason ?? 'declined');
  return new ProblemException(
    'account-opening-declined',
    `The opening was declined (${rule}); the attempt is recorded.`,
    {
      recorded: true,
      rule,
      ...(data.measureId ? { measureId: data.measureId } : {}),
      ...(data.resellerId ? { resellerId: data.resellerId } : {}),
      stream: outcome.stream,
      revision: outcome.revision,
      position: outcome.position?.toString() ?? null,
      records: outcome.records,
    },
  );
}
