import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { OccurredAtDto } from '../../accounts/dto/parties.dto';
import {
  IsCalendarDate,
  IsCountryCode,
  IsInstant,
  IsLedgerId,
  IsList,
  IsNestedObject,
  IsText,
  IsTextList,
} from '../../common/validators';

export const MEASURE_TARGETS = ['person', 'jurisdiction'] as const;
export const MEASURE_KINDS = ['prohibition', 'condition'] as const;

/**
 * Who the measure applies to. A person target gives nationalId, or name with dateOfBirth (all PII, sealed);
 * a jurisdiction target gives countries.
 */
export class MeasureMatchDto {
  @ApiPropertyOptional({ description: 'Person target: national identification number (PII, sealed)' })
  @IsOptional()
  @IsText(100)
  nationalId?: string;

  @ApiPropertyOptional({ description: 'Person target: full name (PII, sealed)' })
  @IsOptional()
  @IsText()
  name?: string;

  @ApiPropertyOptional({ description: 'Person target: date of birth YYYY-MM-DD (PII, sealed)' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({
    description: 'Jurisdiction target: ISO 3166-1 alpha-2 codes',
    type: [String],
    example: ['XX'],
  })
  @ValidateIf((match: MeasureMatchDto) => match.countries !== undefined)
  @IsList({ minItems: 1, maxItems: 250 }, IsCountryCode({ each: true }))
  countries?: string[];
}

export class IssueSpecialMeasureDto extends OccurredAtDto {
  @ApiProperty({
    description: "The measure's id; the ledger stream is special-measure-{measureId}",
    example: 'sm_2027_01',
  })
  @IsLedgerId()
  measureId!: string;

  @ApiProperty({ description: 'A person or a jurisdiction', enum: MEASURE_TARGETS })
  @IsIn(MEASURE_TARGETS)
  target!: (typeof MEASURE_TARGETS)[number];

  @ApiProperty({ description: 'Who the measure applies to', type: MeasureMatchDto })
  @IsNestedObject(() => MeasureMatchDto)
  match!: MeasureMatchDto;

  @ApiProperty({
    description: 'prohibition: openings are declined; condition: accounts are flagged',
    enum: MEASURE_KINDS,
  })
  @IsIn(MEASURE_KINDS)
  kind!: (typeof MEASURE_KINDS)[number];

  @ApiPropertyOptional({ description: 'For a condition: what an account must meet', type: [String] })
  @IsOptional()
  @IsTextList(50)
  conditions?: string[];

  @ApiPropertyOptional({ description: 'When Commerce determined the measure (defaults to occurredAt)' })
  @IsOptional()
  @IsInstant()
  determinedAt?: string;

  @ApiProperty({ description: 'When it takes effect: no earlier than the policy notice period after determination' })
  @IsInstant()
  effectiveFrom!: string;

  @ApiPropertyOptional({
    description: 'When it expires (defaults to effectiveFrom + the policy duration; never later)',
  })
  @IsOptional()
  @IsInstant()
  expiresAt?: string;

  @ApiProperty({ description: 'Federal Register citation or other reference', example: '92 FR 12345' })
  @IsText(500)
  reference!: string;
}

export class ExtendSpecialMeasureDto extends OccurredAtDto {
  @ApiProperty({ description: 'The new expiry (at most one policy duration after the current one)' })
  @IsInstant()
  expiresAt!: string;

  @ApiProperty({ description: 'Reference of the extension', example: '93 FR 2345' })
  @IsText(500)
  reference!: string;
}

export class RescindSpecialMeasureDto extends OccurredAtDto {
  @ApiProperty({ description: 'Reference of the rescission', example: '93 FR 6789' })
  @IsText(500)
  reference!: string;

  @ApiPropertyOptional({ description: 'Why it was rescinded' })
  @IsOptional()
  @IsText()
  reason?: string;
}
