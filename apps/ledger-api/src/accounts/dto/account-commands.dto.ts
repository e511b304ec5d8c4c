import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsInstant, IsLedgerId, IsNestedObject, IsNestedObjectList, IsText, IsTextList } from '../../common/validators';
import {
  BeneficialOwnerDto,
  ContactUpdateDto,
  CustomerUpdateDto,
  EvidenceDto,
  OccurredAtDto,
  PaymentMeansDto,
  ResolvedDiscrepancyDto,
  US_PERSON_STATUSES,
  VERIFICATION_METHODS,
} from './parties.dto';

// One body class per account command whose id travels in the path (/v1/accounts/{accountId}/...).

const SUBJECT_DESCRIPTION = '`customer`, or the ownerId of a current beneficial owner';

export class UpdateCustomerInfoDto extends OccurredAtDto {
  @ApiPropertyOptional({ description: 'Customer members that changed (kind cannot change)', type: CustomerUpdateDto })
  @IsOptional()
  @IsNestedObject(() => CustomerUpdateDto)
  customer?: CustomerUpdateDto;

  @ApiPropertyOptional({ description: 'Contact members that changed', type: ContactUpdateDto })
  @IsOptional()
  @IsNestedObject(() => ContactUpdateDto)
  contact?: ContactUpdateDto;
}

export class AddPaymentMeansDto extends OccurredAtDto {
  @ApiProperty({ description: 'The means of payment added', type: PaymentMeansDto })
  @IsNestedObject(() => PaymentMeansDto)
  paymentMeans!: PaymentMeansDto;
}

export class RemovePaymentMeansDto extends OccurredAtDto {
  @ApiPropertyOptional({ description: 'Why it was removed; must not hold PII' })
  @IsOptional()
  @IsText()
  reason?: string;
}

export class AddBeneficialOwnerDto extends OccurredAtDto {
  @ApiProperty({
    description: 'The beneficial owner (>= 25 % ownership or substantial control)',
    type: BeneficialOwnerDto,
  })
  @IsNestedObject(() => BeneficialOwnerDto)
  owner!: BeneficialOwnerDto;
}

/** Bodies that carry nothing but the optional time of the fact (removals, releases). */
export class FactTimeDto extends OccurredAtDto {}

export class DetermineUsPersonStatusDto extends OccurredAtDto {
  @ApiProperty({ description: `Whose status was determined: ${SUBJECT_DESCRIPTION}`, example: 'customer' })
  @IsLedgerId()
  subject!: string;

  @ApiProperty({ description: 'The determination', enum: US_PERSON_STATUSES })
  @IsIn(US_PERSON_STATUSES)
  status!: (typeof US_PERSON_STATUSES)[number];

  @ApiProperty({ description: 'What the determination rests on; must not hold PII', example: 'US passport verified' })
  @IsText()
  basis!: string;
}

export class VerifyIdentityDto extends OccurredAtDto {
  @ApiProperty({ description: `Whose identity was verified: ${SUBJECT_DESCRIPTION}`, example: 'customer' })
  @IsLedgerId()
  subject!: string;

  @ApiProperty({ description: 'Documentary or non-documentary verification', enum: VERIFICATION_METHODS })
  @IsIn(VERIFICATION_METHODS)
  method!: (typeof VERIFICATION_METHODS)[number];

  @ApiProperty({ description: 'Everything relied on (at least one item)', type: [EvidenceDto] })
  @IsNestedObjectList(() => EvidenceDto, { minItems: 1, maxItems: 50 })
  evidence!: EvidenceDto[];

  @ApiProperty({ description: 'Who or what verified (a team, a vendor service)', example: 'kyc-service' })
  @IsText(200)
  verifiedBy!: string;

  @ApiPropertyOptional({ description: 'Discrepancies found and how each was resolved', type: [ResolvedDiscrepancyDto] })
  @IsOptional()
  @IsNestedObjectList(() => ResolvedDiscrepancyDto, { maxItems: 50 })
  discrepanciesResolved?: ResolvedDiscrepancyDto[];
}

export class RecordVerificationFailureDto extends OccurredAtDto {
  @ApiProperty({ description: `Whose verification failed: ${SUBJECT_DESCRIPTION}`, example: 'customer' })
  @IsLedgerId()
  subject!: string;

  @ApiProperty({ description: 'The method that was tried', enum: VERIFICATION_METHODS })
  @IsIn(VERIFICATION_METHODS)
  method!: (typeof VERIFICATION_METHODS)[number];

  @ApiProperty({ description: 'Why it failed; must not hold PII', example: 'document expired' })
  @IsText()
  reason!: string;

  @ApiPropertyOptional({ description: 'Discrepancies found; must not hold PII', type: [String] })
  @IsOptional()
  @IsTextList(50)
  discrepancies?: string[];
}

export class GrantProvisionalAccessDto extends OccurredAtDto {
  @ApiProperty({ description: 'Restrictions while verification is pending', type: [String], example: ['no-gpu'] })
  @IsTextList(50)
  restrictions!: string[];

  @ApiProperty({ description: 'When verification must be reviewed (ISO-8601)', example: '2026-12-31T00:00:00Z' })
  @IsInstant()
  reviewBy!: string;
}

export const FLAG_CATEGORIES = ['malicious-activity', 'special-measure', 'verification', 'reseller', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high'] as const;

export class FlagAccountDto extends OccurredAtDto {
  @ApiProperty({ description: "The provider's id for this flag (to resolve it later)", example: 'flag_1' })
  @IsLedgerId()
  flagId!: string;

  @ApiProperty({ description: 'What the flag is about', enum: FLAG_CATEGORIES })
  @IsIn(FLAG_CATEGORIES)
  category!: (typeof FLAG_CATEGORIES)[number];

  @ApiProperty({
    description: 'Indicators that led to the flag; must not hold PII',
    type: [String],
    example: ['c2-beacon'],
  })
  @IsTextList(100)
  indicators!: string[];

  @ApiProperty({ description: 'How serious it is', enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: (typeof SEVERITIES)[number];

  @ApiProperty({ description: 'Who raised it: a service or a team', example: 'abuse-desk' })
  @IsText(200)
  source!: string;

  @ApiPropertyOptional({ description: 'The special measure whose condition applies (category special-measure)' })
  @IsOptional()
  @IsLedgerId()
  measureId?: string;

  @ApiPropertyOptional({ description: 'The reseller concerned (category reseller)' })
  @IsOptional()
  @IsLedgerId()
  resellerId?: string;
}

export const FLAG_OUTCOMES = ['cleared', 'confirmed'] as const;

export class ResolveFlagDto extends OccurredAtDto {
  @ApiProperty({ description: 'How the flag was resolved', enum: FLAG_OUTCOMES })
  @IsIn(FLAG_OUTCOMES)
  outcome!: (typeof FLAG_OUTCOMES)[number];

  @ApiProperty({ description: 'Resolution note; must not hold PII', example: 'false positive: research traffic' })
  @IsText()
  note!: string;
}

export class PlaceLegalHoldDto extends OccurredAtDto {
  @ApiProperty({ description: "The provider's id for this hold (to release it later)", example: 'hold_1' })
  @IsLedgerId()
  holdId!: string;

  @ApiProperty({ description: 'Who ordered the hold', example: 'US District Court, N.D. Cal.' })
  @IsText(500)
  authority!: string;

  @ApiProperty({ description: 'Case or order reference', example: '5:26-mj-01234' })
  @IsText(500)
  reference!: string;
}

export const CLOSURE_REASONS = [
  'customer-request',
  'verification-failed',
  'malicious-activity',
  'special-measure',
  'reseller-terminated',
  'other',
] as const;

export class CloseAccountDto extends OccurredAtDto {
  @ApiProperty({ description: 'Why the account was closed', enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  reason!: (typeof CLOSURE_REASONS)[number];

  @ApiPropertyOptional({ description: 'Free text; must not hold PII' })
  @IsOptional()
  @IsText()
  note?: string;
}
