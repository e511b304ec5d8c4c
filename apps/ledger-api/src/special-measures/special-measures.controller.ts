import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppendResponseDto } from '../common/append-response.dto';
import { toAppendResponse } from '../common/append-response';
import { CommandEndpoint } from '../common/command-endpoint.decorator';
import { MeasureParams } from '../common/id-params.dto';
import { CommandMetaOf } from '../ledger/command-meta.decorator';
import type { CommandMeta } from '../ledger/ledger-writer.service';
import { plain } from '../ledger/plain';
import { IssueSpecialMeasureCommand, ExtendSpecialMeasureCommand, RescindSpecialMeasureCommand } from './commands';
import {
  ExtendSpecialMeasureDto,
  IssueSpecialMeasureDto,
  RescindSpecialMeasureDto,
} from './dto/special-measure-commands.dto';

/** Command endpoints of special-measures: each maps its DTO to a command on the CommandBus. Provider keys only (CommandEndpoint). */
@ApiTags('special-measures')
@ApiBearerAuth()
@Controller('v1/special-measures')
export class SpecialMeasuresController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandEndpoint(
    '',
    'Record a special measure',
    'Records SpecialMeasureIssued (a prohibition or condition on a person or jurisdiction), effective no earlier than the policy notice period after determination.',
  )
  async issueSpecialMeasure(
    @Body() body: IssueSpecialMeasureDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = plain(body) as IssueSpecialMeasureCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new IssueSpecialMeasureCommand(data, meta)));
  }

  @CommandEndpoint(':measureId/extensions', 'Extend a special measure', 'Records SpecialMeasureExtended.')
  async extendSpecialMeasure(
    @Param() params: MeasureParams,
    @Body() body: ExtendSpecialMeasureDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), measureId: params.measureId } as ExtendSpecialMeasureCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new ExtendSpecialMeasureCommand(data, meta)));
  }

  @CommandEndpoint(':measureId/rescission', 'Rescind a special measure', 'Records SpecialMeasureRescinded.')
  async rescindSpecialMeasure(
    @Param() params: MeasureParams,
    @Body() body: RescindSpecialMeasureDto,
    @CommandMetaOf() meta: CommandMeta,
  ): Promise<AppendResponseDto> {
    const data = { ...plain(body), measureId: params.measureId } as RescindSpecialMeasureCommand['data'];
    return toAppendResponse(await this.commandBus.execute(new RescindSpecialMeasureCommand(data, meta)));
  }
}
