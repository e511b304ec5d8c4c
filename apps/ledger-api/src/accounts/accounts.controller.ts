import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppendResponseDto } from '../common/append-response.dto';
import { toAppendResponse } from '../common/append-response';
import { CommandEndpoint } from '../common/command-endpoint.decorator';
import { AccountParams, FlagParams, HoldParams, OwnerParams, PaymentMeansParams } from '../common/id-params.dto';
import { CommandMetaOf } from '../ledger/command-meta.decorator';
import type { CommandMeta } from '../ledger/ledger-writer.service';
import { plain } from '../ledger/plain';
import {
  OpenAccountCommand,
  DeclineAccountOpeningCommand,
  UpdateCustomerInfoCommand,
  AddPaymentMeansCommand,
  RemovePaymentMeansCommand,
  AddBeneficialOwnerCommand,
  RemoveBeneficialOwnerCommand,
  DetermineUsPersonStatusCommand,
  VerifyIdentityCommand,
  RecordVerificationFailureCommand,
  GrantProvisionalAccessCommand,
  FlagAccountCommand,
  ResolveFlagCommand,
  PlaceLegalHoldCommand,
  ReleaseLegalHoldCommand,
  CloseAccountCommand,
} from './commands';
import { DeclineAccountOpeningDto, OpenAccountDto } from './dto/open-account.dto';
import {
  AddBeneficialOwnerDto,
  AddPaymentMeansDto,
  CloseAccountDto,
  DetermineUsPersonStatusDto,
  FactTimeDto,
  FlagAccountDto,
  GrantProvisionalAccessDto,
  PlaceLegalHoldDto,
  RecordVerificationFailureDto,
  RemovePaymentMeansDto,
  ResolveFlagDto,
  UpdateCustomerInfoDto,
  VerifyIdentityDto,
} from './dto/account-commands.dto';

/** Command endpoints of accounts: each maps its DTO to a command on the CommandBus. Provider keys only (CommandEndpoint). */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandEndpoint(
    '',
    'Open an account',
    'Records AccountOpened for a new account (plus BeneficialOwnerAdded per owner given, and flags the domain raises). An opening that matches an effective special-measure prohibition, or that comes through a terminated reseller, is declined: the attempt is recorded as AccountOpeningDeclined and the answer is a 409 naming the rule.',
  )
  async openAccount(@Body() body: OpenAccountDto, @CommandMetaOf() meta: CommandMeta): Promise<AppendResponseDto> {
    const data = plain(body) as OpenAccountCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new OpenAccountCommand(data, meta)));
  }

  @CommandEndpoint(
    'opening-declines',
    'Record an opening the provider declined',
    'Records AccountOpeningDeclined: who tried to open an account, from where, and why the provider declined.',
  )
  async declineAccountOpening(
    @Body() body: DeclineAccountOpeningDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = plain(body) as DeclineAccountOpeningCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new DeclineAccountOpeningCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/customer-info-updates',
    'Update customer information',
    'Records CustomerInfoUpdated with the members that changed.',
  )
  async updateCustomerInfo(
    @Param() params: AccountParams,
    @Body() body: UpdateCustomerInfoDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as UpdateCustomerInfoCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new UpdateCustomerInfoCommand(data, meta)));
  }

  @CommandEndpoint(':accountId/payment-means', 'Add a means of payment', 'Records PaymentMeansAdded.')
  async addPaymentMeans(
    @Param() params: AccountParams,
    @Body() body: AddPaymentMeansDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as AddPaymentMeansCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new AddPaymentMeansCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/payment-means/:paymentMeansId/removal',
    'Remove a means of payment',
    'Records PaymentMeansRemoved.',
  )
  async removePaymentMeans(
    @Param() params: PaymentMeansParams,
    @Body() body: RemovePaymentMeansDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = {
      ...plain(body),
      accountId: params.accountId,
      paymentMeansId: params.paymentMeansId,
    } as RemovePaymentMeansCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new RemovePaymentMeansCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/beneficial-owners',
    'Add a beneficial owner',
    'Records BeneficialOwnerAdded (and a flag when an effective special measure matches the owner).',
  )
  async addBeneficialOwner(
    @Param() params: AccountParams,
    @Body() body: AddBeneficialOwnerDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as AddBeneficialOwnerCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new AddBeneficialOwnerCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/beneficial-owners/:ownerId/removal',
    'Remove a beneficial owner',
    'Records BeneficialOwnerRemoved.',
  )
  async removeBeneficialOwner(
    @Param() params: OwnerParams,
    @Body() body: FactTimeDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = {
      ...plain(body),
      accountId: params.accountId,
      ownerId: params.ownerId,
    } as RemoveBeneficialOwnerCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new RemoveBeneficialOwnerCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/us-person-determinations',
    'Record a U.S.-person determination',
    'Records UsPersonStatusDetermined for the customer or a beneficial owner.',
  )
  async determineUsPersonStatus(
    @Param() params: AccountParams,
    @Body() body: DetermineUsPersonStatusDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as DetermineUsPersonStatusCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new DetermineUsPersonStatusCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/identity-verifications',
    'Record a verified identity',
    'Records IdentityVerified for the customer or a beneficial owner, with everything relied on.',
  )
  async verifyIdentity(
    @Param() params: AccountParams,
    @Body() body: VerifyIdentityDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as VerifyIdentityCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new VerifyIdentityCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/identity-verification-failures',
    'Record a failed identity verification',
    'Records IdentityVerificationFailed with the reason and discrepancies.',
  )
  async recordVerificationFailure(
    @Param() params: AccountParams,
    @Body() body: RecordVerificationFailureDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as RecordVerificationFailureCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new RecordVerificationFailureCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/provisional-access',
    'Grant provisional access',
    'Records ProvisionalAccessGranted: the restrictions while verification is pending and the review date.',
  )
  async grantProvisionalAccess(
    @Param() params: AccountParams,
    @Body() body: GrantProvisionalAccessDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as GrantProvisionalAccessCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new GrantProvisionalAccessCommand(data, meta)));
  }

  @CommandEndpoint(':accountId/flags', 'Flag an account', 'Records AccountFlagged.')
  async flagAccount(
    @Param() params: AccountParams,
    @Body() body: FlagAccountDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as FlagAccountCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new FlagAccountCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/flags/:flagId/resolution',
    'Resolve a flag',
    'Records FlagResolved; a flag is resolved once.',
  )
  async resolveFlag(
    @Param() params: FlagParams,
    @Body() body: ResolveFlagDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId, flagId: params.flagId } as ResolveFlagCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new ResolveFlagCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/legal-holds',
    'Place a legal hold',
    'Records LegalHoldPlaced (accepted on closed accounts too).',
  )
  async placeLegalHold(
    @Param() params: AccountParams,
    @Body() body: PlaceLegalHoldDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as PlaceLegalHoldCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new PlaceLegalHoldCommand(data, meta)));
  }

  @CommandEndpoint(':accountId/legal-holds/:holdId/release', 'Release a legal hold', 'Records LegalHoldReleased.')
  async releaseLegalHold(
    @Param() params: HoldParams,
    @Body() body: FactTimeDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = {
      ...plain(body),
      accountId: params.accountId,
      holdId: params.holdId,
    } as ReleaseLegalHoldCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new ReleaseLegalHoldCommand(data, meta)));
  }

  @CommandEndpoint(
    ':accountId/closure',
    'Close an account',
    'Records AccountClosed; afterwards the account accepts only legal holds and accesses up to the closure.',
  )
  async closeAccount(
    @Param() params: AccountParams,
    @Body() body: CloseAccountDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), accountId: params.accountId } as CloseAccountCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new CloseAccountCommand(data, meta)));
  }
}
