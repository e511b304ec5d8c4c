import { ApiProperty } from '@nestjs/swagger';
import { IsLedgerId } from './validators';

const ID_DESCRIPTION = "1-128 characters: a letter or digit, then letters, digits, '.', '_', ':' or '-'";

export class AccountParams {
  @ApiProperty({ description: `The provider's account id (${ID_DESCRIPTION})`, example: 'acct_42' })
  @IsLedgerId()
  accountId!: string;
}

export class PaymentMeansParams extends AccountParams {
  @ApiProperty({ description: 'Id of the means of payment, as given when it was added', example: 'pm_1' })
  @IsLedgerId()
  paymentMeansId!: string;
}

export class OwnerParams extends AccountParams {
  @ApiProperty({ description: 'Id of the beneficial owner, as given when it was added', example: 'owner_1' })
  @IsLedgerId()
  ownerId!: string;
}

export class FlagParams extends AccountParams {
  @ApiProperty({ description: 'Id of the flag, as given when it was raised', example: 'flag_1' })
  @IsLedgerId()
  flagId!: string;
}

export class HoldParams extends AccountParams {
  @ApiProperty({ description: 'Id of the legal hold, as given when it was placed', example: 'hold_1' })
  @IsLedgerId()
  holdId!: string;
}

export class ResellerParams {
  @ApiProperty({ description: `The reseller's id (${ID_DESCRIPTION})`, example: 'reseller_7' })
  @IsLedgerId()
  resellerId!: string;
}

export class MeasureParams {
  @ApiProperty({ description: `The special measure's id (${ID_DESCRIPTION})`, example: 'sm_2027_01' })
  @IsLedgerId()
  measureId!: string;
}
