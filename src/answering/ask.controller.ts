import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AskResponse } from './answer.types';
import { AnsweringService } from './answering.service';
import { AskQuestionDto } from './dto/ask-question.dto';

@ApiTags('ask')
@Controller('api/v1/ask')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_PER_IP reached; see Retry-After' })
export class AskController {
  constructor(private readonly answering: AnsweringService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask one question (no conversation): answer, confidence, sources, suggestions, escalation' })
  ask(@Body() body: AskQuestionDto): Promise<AskResponse> {
    return this.answering.ask(body.question, { lang: body.lang });
  }
}
