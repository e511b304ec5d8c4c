import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { ProblemDto } from '../common/append-response.dto';
import { AccountParams } from '../common/id-params.dto';
import { ProblemException } from '../problems/problem';
import { AccountHistory, type HistoryRecord } from './account-history.service';
import { AccountHistoryQuery, DEFAULT_HISTORY_LIMIT, HISTORY_CURSOR } from './dto/account-history.query';
import { InvestigatorReadLog, type RecordedRead } from './investigator-read-log.service';

export interface AccountHistoryResponse {
  accountId: string;
  caseReference: string;
  streams: string[];
  records: HistoryRecord[];
  page: { limit: number; next: string | null };
  asOf?: string;
  state?: unknown;
  /** the RecordsAccessed record this read appended */
  read: RecordedRead;
}

/**
 * Investigator queries. Every one is recorded (RecordsAccessed in investigator-reads-{day}) before its
 * answer is sent; a read that cannot be recorded is not answered.
 */
@ApiTags('investigators')
@ApiBearerAuth()
@Roles('investigator')
@Controller('v1/accounts')
export class InvestigationsController {
  constructor(
    private readonly history: AccountHistory,
    private readonly readLog: InvestigatorReadLog,
  ) {}

  @Get(':accountId/history')
  @ApiOperation({
    summary: "An account's history, replayed from the log",
    description:
      'Every record of the account stream (and with include=access of its access stream) in log order, PII opened with the account\'s data key; a destroyed key shows {"$shredded":true,"kid":…}. asOf limits the records to those recorded at or before it and adds the account state replayed up to it. The read is recorded first (RecordsAccessed with actor, caseReference, query, resultCount), also when the account is unknown (404).',
  })
  @ApiOkResponse({ description: 'One page of records; page.next is the cursor of the next page (null: last page)' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'caseReference missing, or another parameter malformed' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'No valid API key' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'The key is not of the investigator role' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such account (the read is still recorded)' })
  async accountHistory(
    @Param() params: AccountParams,
    @Query() query: AccountHistoryQuery,
    @Req() request: AuthenticatedRequest,
  ): Promise<AccountHistoryResponse> {
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    const page = await this.history.page({
      accountId: params.accountId,
      includeAccess: query.include === 'access',
      limit,
      after: parseCursor(query.after),
      asOf: query.asOf === undefined ? undefined : Date.parse(query.asOf),
    });
    const read = await this.readLog.record({
      actor: request.principal!.keyId,
      correlationId: request.id,
      caseReference: query.caseReference,
      subjectId: params.accountId,
      query: {
        kind: 'account-history',
        parameters: {
          accountId: params.accountId,
          include: query.include ?? null,
          limit,
          after: query.after ?? null,
          asOf: query.asOf ?? null,
        },
      },
      resultCount: page.records.length,
    });
    if (!page.found) {
      throw new ProblemException(
        'not-found',
        `The ledger holds no account ${params.accountId}; the read is recorded.`,
        {
          read,
        },
      );
    }
    return {
      accountId: params.accountId,
      caseReference: query.caseReference,
      streams: page.streams,
      records: page.records,
      page: { limit, next: page.next },
      ...(query.asOf !== undefined ? { asOf: query.asOf, state: page.state } : {}),
      read,
    };
  }
}

function parseCursor(after: string | undefined): [number, number] {
  const match = after === undefined ? null : HISTORY_CURSOR.exec(after);
  return match ? [Number(match[1]), Number(match[2])] : [-1, -1];
}
