import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsPhoneNumber, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import {
  IsCalendarDate,
  IsCountryCode,
  IsFiniteNumber,
  IsInstant,
  IsLedgerId,
  IsList,
  IsNestedObject,
  IsText,
  IsTextWith,
} from '../../common/validators';

// Building blocks shared by the account commands. Members the domain marks as PII are sealed
// (AES-256-GCM with the account's data key) before they are written: see docs/api.md. Every member is
// declared through a helper of common/validators.ts that checks its type first (or a single @IsIn).

export const PARTY_KINDS = ['individual', 'organization'] as const;
export const US_PERSON_STATUSES = ['us', 'foreign', 'undetermined'] as const;
export const PAYMENT_METHODS = ['card', 'bank', 'wallet', 'invoice'] as const;
export const VERIFICATION_METHODS = ['documentary', 'non-documentary'] as const;

export class OccurredAtDto {
  @ApiPropertyOptional({
    description:
      'When the fact happened at the provider (ISO-8601 with Z or offset); defaults to the time the ledger records it',
    example: '2026-12-01T04:19:46.123Z',
  })
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}

export class PostalAddressDto {
  @ApiProperty({ description: 'Street lines (PII, sealed)', type: [String], example: ['Hauptstrasse 1'] })
  @IsList(
    { minItems: 1, maxItems: 5 },
    IsString({ each: true }),
    MinLength(1, { each: true }),
    MaxLength(200, { each: true }),
  )
  lines!: string[];

  @ApiProperty({ description: 'City (PII, sealed with the address)', example: 'Berlin' })
  @IsText(200)
  city!: string;

  @ApiPropertyOptional({ description: 'Region, state or province (PII, sealed with the address)', example: 'BE' })
  @IsOptional()
  @IsTextWith(MaxLength(200))
  region?: string;

  @ApiPropertyOptional({ description: 'Postal code (PII, sealed with the address)', example: '10115' })
  @IsOptional()
  @IsTextWith(MaxLength(20))
  postalCode?: string;

  @ApiProperty({ description: 'Country of the address, ISO 3166-1 alpha-2 (sealed with the address)', example: 'DE' })
  @IsCountryCode()
  country!: string;
}

export class CustomerDto {
  @ApiProperty({ description: 'Individual or organisation', enum: PARTY_KINDS })
  @IsIn(PARTY_KINDS)
  kind!: (typeof PARTY_KINDS)[number];

  @ApiProperty({ description: 'Full name or registered name (PII, sealed)', example: 'Erika Mustermann' })
  @IsText()
  name!: string;

  @ApiProperty({ description: 'Postal address (PII, sealed as one member)', type: PostalAddressDto })
  @IsNestedObject(() => PostalAddressDto)
  address!: PostalAddressDto;

  @ApiPropertyOptional({
    description: "National identification number, or an organisation's registration number (PII, sealed)",
    example: 'T22000129',
  })
  @IsOptional()
  @IsText(100)
  nationalId?: string;

  @ApiPropertyOptional({
    description: 'Date of birth YYYY-MM-DD, individuals only (PII, sealed)',
    example: '1964-08-12',
  })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiProperty({
    description: 'Country of citizenship (individual) or incorporation (organisation), ISO 3166-1 alpha-2; not PII',
    example: 'DE',
  })
  @IsCountryCode()
  country!: string;
}

export class CustomerUpdateDto {
  @ApiPropertyOptional({ description: 'New full or registered name (PII, sealed)' })
  @IsOptional()
  @IsText()
  name?: string;

  @ApiPropertyOptional({ description: 'New postal address (PII, sealed)', type: PostalAddressDto })
  @IsOptional()
  @IsNestedObject(() => PostalAddressDto)
  address?: PostalAddressDto;

  @ApiPropertyOptional({ description: 'New national identification number (PII, sealed)' })
  @IsOptional()
  @IsText(100)
  nationalId?: string;

  @ApiPropertyOptional({ description: 'Corrected date of birth YYYY-MM-DD (PII, sealed)' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'New country of citizenship or incorporation, ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsCountryCode()
  country?: string;
}

export class ContactDto {
  @ApiProperty({ description: 'Email address used to verify identity (PII, sealed)', example: 'erika@example.org' })
  @IsTextWith(MaxLength(320), IsEmail())
  email!: string;

  @ApiPropertyOptional({
    description: 'Telephone number used to verify identity, with a leading + and country code (PII, sealed)',
    example: '+4930123456',
  })
  @IsOptional()
  @IsTextWith(
    IsPhoneNumber(undefined, { message: '$property must be a phone number with a leading + and country code' }),
  )
  phone?: string;
}

export class ContactUpdateDto {
  @ApiPropertyOptional({ description: 'New email address (PII, sealed)' })
  @IsOptional()
  @IsTextWith(MaxLength(320), IsEmail())
  email?: string;

  @ApiPropertyOptional({ description: 'New telephone number with a leading + (PII, sealed)' })
  @IsOptional()
  @IsTextWith(
    IsPhoneNumber(undefined, { message: '$property must be a phone number with a leading + and country code' }),
  )
  phone?: string;
}

export class PaymentMeansDto {
  @ApiProperty({ description: "The provider's id for this means of payment (to remove it later)", example: 'pm_1' })
  @IsLedgerId()
  paymentMeansId!: string;

  @ApiProperty({ description: 'Kind of payment means', enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method!: (typeof PAYMENT_METHODS)[number];

  @ApiPropertyOptional({ description: 'Bank, card network or wallet provider; not PII', example: 'VISA' })
  @IsOptional()
  @IsTextWith(MaxLength(200))
  institution?: string;

  @ApiProperty({
    description: 'Card or account number, IBAN, customer or transaction identifier, wallet address (PII, sealed)',
    example: '4111111111111111',
  })
  @IsText(200)
  identifier!: string;

  @ApiPropertyOptional({
    description: "A processor's non-reversible fingerprint of the instrument; not PII, links accounts sharing it",
    example: 'fp_9f8e7d',
  })
  @IsOptional()
  @IsTextWith(MaxLength(200))
  fingerprint?: string;
}

export class BeneficialOwnerDto {
  @ApiProperty({ description: "The provider's id for this owner", example: 'owner_1' })
  @IsLedgerId()
  ownerId!: string;

  @ApiProperty({ description: 'Full name (PII, sealed)', example: 'Max Mustermann' })
  @IsText()
  name!: string;

  @ApiProperty({ description: 'Postal address (PII, sealed)', type: PostalAddressDto })
  @IsNestedObject(() => PostalAddressDto)
  address!: PostalAddressDto;

  @ApiPropertyOptional({ description: 'National identification number (PII, sealed)' })
  @IsOptional()
  @IsText(100)
  nationalId?: string;

  @ApiPropertyOptional({ description: 'Date of birth YYYY-MM-DD (PII, sealed)' })
  @IsOptional()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ description: 'Country of citizenship, ISO 3166-1 alpha-2; not PII', example: 'DE' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @ApiProperty({
    description: 'Ownership share in percent, 0 to 100; below 25 a controlBasis is required',
    example: 30,
  })
  @IsFiniteNumber({ min: 0, max: 100 })
  ownershipPct!: number;

  @ApiProperty({
    description: 'How the owner exercises substantial control (e.g. "senior managing official"), or null',
    nullable: true,
    type: String,
  })
  @ValidateIf((_object, value) => value !== null)
  @IsTextWith(MaxLength(1000))
  controlBasis!: string | null;

  @ApiProperty({ description: 'Whether the owner is a U.S. person', enum: US_PERSON_STATUSES })
  @IsIn(US_PERSON_STATUSES)
  usPersonStatus!: (typeof US_PERSON_STATUSES)[number];
}

export class ChannelDto {
  @ApiProperty({ description: 'direct, or through a foreign reseller', enum: ['direct', 'reseller'] })
  @IsIn(['direct', 'reseller'])
  kind!: 'direct' | 'reseller';

  @ApiPropertyOptional({ description: 'The reseller the account was opened through (required when kind is reseller)' })
  @ValidateIf((channel: ChannelDto) => channel.kind === 'reseller' || channel.resellerId !== undefined)
  @IsLedgerId()
  resellerId?: string;
}

export class EvidenceDto {
  @ApiProperty({
    description: 'What was relied on, e.g. passport, national-id-card, utility-bill, credit-bureau-check',
  })
  @IsText(200)
  kind!: string;

  @ApiProperty({ description: 'Who issued the document or ran the check', example: 'Bundesdruckerei' })
  @IsText(200)
  issuer!: string;

  @ApiProperty({ description: "Document number or the check's reference (PII, sealed)", example: 'C01X00T47' })
  @IsText(200)
  reference!: string;

  @ApiPropertyOptional({ description: 'When the document expires (ISO-8601)' })
  @IsOptional()
  @IsInstant()
  expiresAt?: string;
}

export class ResolvedDiscrepancyDto {
  @ApiProperty({ description: 'The discrepancy found' })
  @IsText()
  description!: string;

  @ApiProperty({ description: 'How it was resolved' })
  @IsText()
  resolution!: string;
}
