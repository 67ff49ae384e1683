import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnsweringService } from '../answering/answering.service';
import { ATTACHMENT_TYPES } from '../attachments/image-file';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WidgetConfigQueryDto, WidgetConfigResponseDto } from './widget-config.dto';

/** What the chat widget needs before a conversation exists. Public, like widget.js itself. */
@ApiTags('widget')
@Controller('api/v1/widget')
export class WidgetConfigController {
  constructor(
    private readonly answering: AnsweringService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('config')
  @ApiOperation({ summary: 'The greeting (kefu.yaml), the bot’s name and the photo upload limit, for the chat widget' })
  @ApiOkResponse({ type: WidgetConfigResponseDto })
  async widgetConfig(@Query() query: WidgetConfigQueryDto): Promise<WidgetConfigResponseDto> {
    const welcome = await this.answering.welcome(query.lang ?? 'zh');
    return { ...welcome, uploadMaxBytes: this.config.widget.uploadMaxBytes, acceptedTypes: [...ATTACHMENT_TYPES] };
  }
}
