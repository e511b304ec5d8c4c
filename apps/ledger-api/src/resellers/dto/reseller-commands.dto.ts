import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { OccurredAtDto } from '../../accounts/dto/parties.dto';
import { IsCountryCode, IsLedgerId, IsSha256Hex, IsText } from '../../common/validators';

export const CIP_MODES = ['own', 'adopted'] as const;

export class OnboardResellerDto extends OccurredAtDto {
  @ApiProperty({ description: "The reseller's id; the ledger stream is reseller-{resellerId}", example: 'reseller_7' })
  @IsLedgerId()
  resellerId!: string;

  @ApiProperty({ description: "The reseller's registered name", example: 'Foreign Cloud Resale GmbH' })
  @IsText(300)
  name!: string;

  @ApiProperty({ description: 'Jurisdiction of the reseller, ISO 3166-1 alpha-2', example: 'DE' })
  @IsCountryCode()
  jurisdiction!: string;

  @ApiProperty({
    description: "own: the reseller runs its own CIP; adopted: it adopted the provider's",
    enum: CIP_MODES,
  })
  @IsIn(CIP_MODES)
  cipMode!: (typeof CIP_MODES)[number];

  @ApiProperty({ description: 'SHA-256 (64 lower-case hex digits) of the CIP document relied on' })
  @IsSha256Hex()
  cipDigest!: string;
}

export class UpdateResellerCipDto extends OccurredAtDto {
  @ApiProperty({ description: 'The CIP mode now in force', enum: CIP_MODES })
  @IsIn(CIP_MODES)
  cipMode!: (typeof CIP_MODES)[number];

  @ApiProperty({ description: 'SHA-256 (64 lower-case hex digits) of the CIP document now relied on' })
  @IsSha256Hex()
  cipDigest!: string;
}

export class RecordResellerNoncomplianceDto extends OccurredAtDto {
  @ApiProperty({ description: "The provider's id for this finding", example: 'finding_1' })
  @IsLedgerId()
  findingId!: string;

  @ApiProperty({ description: 'What was found; occurredAt is the detection time (the deadline runs from it)' })
  @IsText()
  description!: string;
}

export const TERMINATION_REASONS = ['noncompliance', 'other'] as const;

export class TerminateResellerDto extends OccurredAtDto {
  @ApiProperty({ description: 'Why the relationship ended', enum: TERMINATION_REASONS })
  @IsIn(TERMINATION_REASONS)
  reason!: (typeof TERMINATION_REASONS)[number];

  @ApiPropertyOptional({ description: 'Free text' })
  @IsOptional()
  @IsText()
  note?: string;
}
