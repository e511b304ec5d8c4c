import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { IntegerText, IsTextWith } from '../../common/validators';

export class InclusionProofQuery {
  @ApiProperty({ description: 'stream of the record', example: 'account-acct_42' })
  @IsTextWith(IsNotEmpty(), MaxLength(300))
  stream!: string;

  @ApiProperty({ description: 'revision of the record in its stream (0-based)', example: 0 })
  @IntegerText({ min: 0 })
  revision!: number;

  @ApiPropertyOptional({ description: 'tree size to prove against (default: the latest checkpoint)', example: 1000 })
  @IsOptional()
  @IntegerText({ min: 1 })
  treeSize?: number;
}

export class ConsistencyProofQuery {
  @ApiProperty({ description: 'the smaller tree size (an earlier checkpoint)', example: 1000 })
  @IntegerText({ min: 0 })
  from!: number;

  @ApiPropertyOptional({ description: 'the larger tree size (default: the latest checkpoint)', example: 2000 })
  @IsOptional()
  @IntegerText({ min: 0 })
  to?: number;
}

export class TreeSizeParams {
  @ApiProperty({ description: 'tree size of the checkpoint', example: 1000 })
  @IntegerText({ min: 1 })
  treeSize!: number;
}
