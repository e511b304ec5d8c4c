import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { IntegerText, IsInstant, IsTextWith } from '../../common/validators';

/** Most records one page may hold; the default page is smaller. */
export const MAX_HISTORY_LIMIT = 1000;
export const DEFAULT_HISTORY_LIMIT = 100;

/** `<account revision>.<access revision>`: the last revision already returned from each stream (-1: none). */
export const HISTORY_CURSOR = /^(-1|\d{1,15})\.(-1|\d{1,15})$/;

/** Query string of GET /v1/accounts/{accountId}/history. */
export class AccountHistoryQuery {
  @ApiProperty({
    description: 'The case this read is for (required): recorded with the read in the investigator-reads log',
    example: 'LE-2026-0042',
  })
  @IsTextWith(IsNotEmpty(), MaxLength(200))
  caseReference!: string;

  @ApiPropertyOptional({
    description: "`access`: also the account's access stream (every AccessRecorded), merged in log order",
    enum: ['access'],
  })
  @IsOptional()
  @IsIn(['access'])
  include?: 'access';

  @ApiPropertyOptional({
    description: `records per page, 1-${MAX_HISTORY_LIMIT} (default ${DEFAULT_HISTORY_LIMIT})`,
    example: 100,
  })
  @IsOptional()
  @IntegerText({ min: 1, max: MAX_HISTORY_LIMIT })
  limit?: number;

  @ApiPropertyOptional({ description: 'the `page.next` cursor of the previous page (opaque)', example: '3.-1' })
  @IsOptional()
  @IsTextWith(Matches(HISTORY_CURSOR, { message: 'after must be the page.next cursor of a previous page' }))
  after?: string;

  @ApiPropertyOptional({
    description:
      'ISO-8601 instant: only records recorded at or before it, and the account state replayed up to it (`state`)',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
