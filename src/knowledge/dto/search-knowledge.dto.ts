import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class SearchKnowledgeDto {
  @ApiProperty({ description: 'what to search for', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;

  @ApiPropertyOptional({ enum: ['faq', 'document', 'announcement'] })
  @IsOptional()
  @IsIn(['faq', 'document', 'announcement'])
  kind?: 'faq' | 'document' | 'announcement';
}
