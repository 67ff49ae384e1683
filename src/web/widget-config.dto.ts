import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class WidgetConfigQueryDto {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class WidgetConfigResponseDto {
  greeting: string;
  botName?: string;
  /** the largest photo the widget may upload (UPLOAD_MAX_BYTES) */
  uploadMaxBytes: number;
  acceptedTypes: string[];
}
