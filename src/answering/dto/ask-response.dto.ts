import { ApiProperty } from '@nestjs/swagger';
import type { AnswerSource, AnswerSuggestion, AskResponse, EscalationReasonCode } from '../answer.types';

const ESCALATION_REASONS: EscalationReasonCode[] = ['low_confidence', 'complaint', 'human_requested', 'handoff_entry', 'negative_feedback', 'repeated_question'];

export class AnswerSourceDto implements AnswerSource {
  @ApiProperty({ description: 'the FAQ entry id, or the document chunk id', example: 'return-window' })
  id: string;

  @ApiProperty({ enum: ['faq', 'document', 'announcement'] })
  kind: AnswerSource['kind'];

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'the file in the knowledge folder', example: 'faq/returns.faq.yaml' })
  path: string;

  @ApiProperty({ minimum: 0, maximum: 1 })
  score: number;
}

export class AnswerSuggestionDto implements AnswerSuggestion {
  @ApiProperty({ description: 'an FAQ entry id' })
  id: string;

  @ApiProperty()
  question: string;
}

export class EscalateDto {
  @ApiProperty({ enum: ESCALATION_REASONS })
  reason: EscalationReasonCode;
}

export class AskResponseDto implements AskResponse {
  @ApiProperty({ description: 'false when the bot would not answer on its own' })
  answered: boolean;

  @ApiProperty()
  answer: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'calibrated: how likely the answer is the right one' })
  confidence: number;

  @ApiProperty({ type: [AnswerSourceDto], description: 'sources[0] is what the answer came from' })
  sources: AnswerSourceDto[];

  @ApiProperty({ type: [AnswerSuggestionDto], description: 'questions the customer may have meant' })
  suggestions: AnswerSuggestionDto[];

  @ApiProperty({ type: EscalateDto, nullable: true, description: 'set when a person should take over' })
  escalate: EscalateDto | null;
}
