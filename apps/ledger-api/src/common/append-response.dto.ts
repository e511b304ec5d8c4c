import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AppendedRecordDto {
  @ApiProperty({ description: 'Record (event) id, a lower-case UUID', example: '6f1c2d1e-8a4b-4c55-9d3e-0b7a5c1f2e3d' })
  id!: string;

  @ApiProperty({ description: 'Event type of the record', example: 'AccountOpened' })
  type!: string;

  @ApiProperty({ description: '0-based position of the record in its stream', example: 0 })
  revision!: number;

  @ApiProperty({
    description: 'Record hash: SHA-256(0x00 || JCS(record)), 64 hex digits; the next record of the stream links to it',
    example: '9a3e0c5d2b7f4e1a6c8d0f2b4a6c8e0f1a3b5c7d9e0f2a4b6c8d0e2f4a6b8c0d',
  })
  hash!: string;
}

/** What a caller needs next after an append: where the records are and how to check them. */
export class AppendResponseDto {
  @ApiProperty({ description: 'Stream the records were appended to', example: 'account-acct_42' })
  stream!: string;

  @ApiProperty({
    description: "Revision of the stream's last record now; send it as If-Match to make the next write conditional",
    example: 0,
  })
  revision!: number;

  @ApiProperty({
    description: 'Global log position of the last appended record (decimal text: it can exceed 2^53)',
    example: '1024',
  })
  position!: string;

  @ApiProperty({ type: [AppendedRecordDto], description: 'The appended records, in stream order' })
  records!: AppendedRecordDto[];
}

export class StreamAppendSummaryDto {
  @ApiProperty({ description: 'Access stream of one account', example: 'access-acct_42' })
  stream!: string;

  @ApiProperty({ description: 'Revision of the first record this request appended to the stream', example: 12 })
  firstRevision!: number;

  @ApiProperty({ description: "Revision of the stream's last record now", example: 14 })
  revision!: number;

  @ApiProperty({ description: 'Global log position of the last record appended to this stream', example: '2048' })
  position!: string;

  @ApiProperty({ description: 'Hashes of the appended records, in stream order', type: [String] })
  hashes!: string[];
}

export class BulkAppendResponseDto {
  @ApiProperty({ description: 'Number of access records appended', example: 3 })
  appended!: number;

  @ApiProperty({ type: [StreamAppendSummaryDto], description: 'One entry per account stream written' })
  streams!: StreamAppendSummaryDto[];
}

export class ProblemDto {
  @ApiProperty({
    description: 'Stable URI of the problem type',
    example: 'https://cip-ledger.dev/problems/validation-failed',
  })
  type!: string;

  @ApiProperty({ description: 'Short summary of the problem type', example: 'The request is not valid' })
  title!: string;

  @ApiProperty({ description: 'HTTP status code', example: 400 })
  status!: number;

  @ApiPropertyOptional({ description: 'What went wrong with this request' })
  detail?: string;

  @ApiPropertyOptional({ description: 'Path of the request', example: '/v1/accounts' })
  instance?: string;

  @ApiProperty({ description: 'Correlation id of the request (also in the X-Correlation-Id header and the logs)' })
  correlationId!: string;

  @ApiPropertyOptional({
    description: 'Each invalid field, named by its path in the body (validation problems only)',
    example: [
      { field: 'customer.address.country', message: 'must be an ISO 3166-1 alpha-2 country code in upper case' },
    ],
  })
  errors?: { field: string; message: string }[];

  @ApiPropertyOptional({ description: 'The domain rule that refused the command (domain problems only)' })
  rule?: string;

  @ApiPropertyOptional({ description: "The stream's current revision (concurrency problems only)", nullable: true })
  currentRevision?: number | null;
}
