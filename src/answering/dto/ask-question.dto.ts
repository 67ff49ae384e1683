import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class AskQuestionDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, example: '收到货后多少天内可以退货？' })
  @IsString()
  @Length(1, 2000)
  question: string;

  @ApiPropertyOptional({ enum: ['zh', 'en'], description: 'reply language; detected from the question when absent' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
