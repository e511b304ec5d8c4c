import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppendResponseDto } from '../common/append-response.dto';
import { toAppendResponse } from '../common/append-response';
import { CommandEndpoint } from '../common/command-endpoint.decorator';
import { ResellerParams } from '../common/id-params.dto';
import { CommandMetaOf } from '../ledger/command-meta.decorator';
import type { CommandMeta } from '../ledger/ledger-writer.service';
import { plain } from '../ledger/plain';
import {
  OnboardResellerCommand,
  UpdateResellerCipCommand,
  RecordResellerNoncomplianceCommand,
  TerminateResellerCommand,
} from './commands';
import {
  OnboardResellerDto,
  RecordResellerNoncomplianceDto,
  TerminateResellerDto,
  UpdateResellerCipDto,
} from './dto/reseller-commands.dto';

/** Command endpoints of resellers: each maps its DTO to a command on the CommandBus. Provider keys only (CommandEndpoint). */
@ApiTags('resellers')
@ApiBearerAuth()
@Controller('v1/resellers')
export class ResellersController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandEndpoint(
    '',
    'Onboard a foreign reseller',
    'Records ResellerOnboarded with its CIP (own or adopted) and the digest of the CIP document.',
  )
  async onboardReseller(
    @Body() body: OnboardResellerDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = plain(body) as OnboardResellerCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new OnboardResellerCommand(data, meta)));
  }

  @CommandEndpoint(':resellerId/cip-updates', "Update a reseller's CIP", 'Records ResellerCipUpdated.')
  async updateResellerCip(
    @Param() params: ResellerParams,
    @Body() body: UpdateResellerCipDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), resellerId: params.resellerId } as UpdateResellerCipCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new UpdateResellerCipCommand(data, meta)));
  }

  @CommandEndpoint(
    ':resellerId/noncompliance-findings',
    'Record reseller non-compliance',
    'Records ResellerNoncomplianceDetected; the relationship must end within the policy period (30 days by default).',
  )
  async recordResellerNoncompliance(
    @Param() params: ResellerParams,
    @Body() body: RecordResellerNoncomplianceDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), resellerId: params.resellerId } as RecordResellerNoncomplianceCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new RecordResellerNoncomplianceCommand(data, meta)));
  }

  @CommandEndpoint(
    ':resellerId/termination',
    'Terminate a reseller',
    'Records ResellerTerminated; accounts can no longer be opened through it.',
  )
  async terminateReseller(
    @Param() params: ResellerParams,
    @Body() body: TerminateResellerDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), resellerId: params.resellerId } as TerminateResellerCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new TerminateResellerCommand(data, meta)));
  }
}
