import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsIn, IsOptional } from 'class-validator';
import { IsLedgerId, IsNestedObject, IsNestedObjectList, IsText, IsTextWith } from '../../common/validators';
import {
  BeneficialOwnerDto,
  ChannelDto,
  ContactDto,
  CustomerDto,
  OccurredAtDto,
  PaymentMeansDto,
  US_PERSON_STATUSES,
} from './parties.dto';

export class OpenAccountDto extends OccurredAtDto {
  @ApiProperty({
    description: "The provider's account id; the ledger stream is account-{accountId}",
    example: 'acct_42',
  })
  @IsLedgerId()
  accountId!: string;

  @ApiProperty({ description: 'The customer', type: CustomerDto })
  @IsNestedObject(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ description: 'Email and telephone used to verify identity', type: ContactDto })
  @IsNestedObject(() => ContactDto)
  contact!: ContactDto;

  @ApiProperty({ description: 'Means and source of payment (may be empty)', type: [PaymentMeansDto] })
  @IsNestedObjectList(() => PaymentMeansDto, { maxItems: 100 })
  paymentMeans!: PaymentMeansDto[];

  @ApiProperty({ description: 'Direct, or through a foreign reseller', type: ChannelDto })
  @IsNestedObject(() => ChannelDto)
  channel!: ChannelDto;

  @ApiProperty({
    description: 'Whether the customer is a U.S. person (presumed foreign until determined)',
    enum: US_PERSON_STATUSES,
  })
  @IsIn(US_PERSON_STATUSES)
  usPersonStatus!: (typeof US_PERSON_STATUSES)[number];

  @ApiPropertyOptional({ description: 'IP address (v4 or v6) the account was opened from', example: '203.0.113.7' })
  @IsOptional()
  @IsTextWith(IsIP())
  ip?: string;

  @ApiPropertyOptional({
    description: 'Beneficial owners known at opening; each becomes a BeneficialOwnerAdded record',
    type: [BeneficialOwnerDto],
  })
  @IsOptional()
  @IsNestedObjectList(() => BeneficialOwnerDto, { maxItems: 100 })
  beneficialOwners?: BeneficialOwnerDto[];
}

export const PROVIDER_DECLINE_REASONS = ['unverified', 'other'] as const;

export class DeclineAccountOpeningDto extends OccurredAtDto {
  @ApiProperty({ description: "The provider's account id of the attempt", example: 'acct_43' })
  @IsLedgerId()
  accountId!: string;

  @ApiProperty({ description: 'Why the provider declined the opening', enum: PROVIDER_DECLINE_REASONS })
  @IsIn(PROVIDER_DECLINE_REASONS)
  reason!: (typeof PROVIDER_DECLINE_REASONS)[number];

  @ApiPropertyOptional({ description: 'Free text explanation; must not hold PII' })
  @IsOptional()
  @IsText()
  detail?: string;

  @ApiProperty({ description: 'The customer who tried to open the account', type: CustomerDto })
  @IsNestedObject(() => CustomerDto)
  customer!: CustomerDto;

  @ApiProperty({ description: 'Email and telephone given', type: ContactDto })
  @IsNestedObject(() => ContactDto)
  contact!: ContactDto;

  @ApiPropertyOptional({ description: 'Means of payment offered', type: [PaymentMeansDto] })
  @IsOptional()
  @IsNestedObjectList(() => PaymentMeansDto, { maxItems: 100 })
  paymentMeans?: PaymentMeansDto[];

  @ApiProperty({ description: 'Direct, or through a foreign reseller', type: ChannelDto })
  @IsNestedObject(() => ChannelDto)
  channel!: ChannelDto;

  @ApiPropertyOptional({ description: 'IP address (v4 or v6) of the attempt' })
  @IsOptional()
  @IsTextWith(IsIP())
  ip?: string;
}
