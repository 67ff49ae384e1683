import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AskResponse } from './answer.types';
import { AnsweringService } from './answering.service';
import { AskQuestionDto } from './dto/ask-question.dto';

@ApiTags('ask')
@Controller('api/v1/ask')
export class AskController {
  constructor(private readonly answering: AnsweringService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask one question (no conversation): answer, confidence, sources, suggestions, escalation' })
  ask(@Body() body: AskQuestionDto): Promise<AskResponse> {
    return this.answering.ask(body.question, { lang: body.lang });
  }
}
