import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class WidgetConfigQueryDto {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class WidgetConfigResponseDto {
  @ApiProperty({ description: 'the greeting in kefu.yaml, in the language asked for' })
  greeting: string;

  @ApiPropertyOptional()
  botName?: string;

  @ApiProperty({ description: 'the largest photo the widget may upload (UPLOAD_MAX_BYTES)' })
  uploadMaxBytes: number;

  @ApiProperty({ type: [String], example: ['image/jpeg', 'image/png'] })
  acceptedTypes: string[];
}
