import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Documentation of one bulk item for OpenAPI. Bulk bodies are checked by access-record.validation.ts,
// not by class-validator: see the comment there.

export class AccessRecordDto {
  @ApiProperty({
    description: "The provider's account id; the record goes to stream access-{accountId}",
    example: 'acct_42',
  })
  accountId!: string;

  @ApiProperty({ description: 'IP address the access came from, IPv4 or IPv6', example: '2001:db8::7' })
  ip!: string;

  @ApiProperty({
    description: 'When the access happened, ISO-8601 with Z or an offset',
    example: '2026-12-01T04:19:46.123Z',
  })
  at!: string;

  @ApiProperty({
    description: 'access (use of the service) or administrative (change of the account)',
    enum: ['access', 'administrative'],
  })
  kind!: 'access' | 'administrative';

  @ApiPropertyOptional({
    description: 'What was done, for administrative actions, e.g. iam:CreateUser (max 200 characters)',
  })
  action?: string;

  @ApiPropertyOptional({ description: 'Id of the key, token or login used, never the secret (max 200 characters)' })
  credentialId?: string;
}
