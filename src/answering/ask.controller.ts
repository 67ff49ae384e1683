import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AnsweringService } from './answering.service';
import { AskQuestionDto } from './dto/ask-question.dto';
import { AskResponseDto } from './dto/ask-response.dto';

@ApiTags('ask')
@Controller('api/v1/ask')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_PER_IP reached; see Retry-After' })
export class AskController {
  constructor(private readonly answering: AnsweringService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask one question (no conversation): answer, confidence, sources, suggestions, escalation' })
  @ApiOkResponse({ type: AskResponseDto })
  ask(@Body() body: AskQuestionDto): Promise<AskResponseDto> {
    return this.answering.ask(body.question, { lang: body.lang });
  }
}
