import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ReportQueryDto } from '../../analytics/dto/analytics.dto';

/** The analytics date range, plus how many groups. */
export class GapsQueryDto extends ReportQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

class GapExampleDto {
  @ApiProperty() text: string;
  @ApiProperty() count: number;
}

class GapSignalsDto {
  @ApiPropertyOptional() unanswered?: number;
  @ApiPropertyOptional({ name: 'low_confidence' }) low_confidence?: number;
  @ApiPropertyOptional({ name: 'thumbs_down' }) thumbs_down?: number;
  @ApiPropertyOptional() escalated?: number;
}

export class GapGroupDto {
  @ApiProperty({ description: 'stable for the same representative question' }) id: string;
  @ApiProperty({ description: 'the most asked text of the group' }) question: string;
  @ApiProperty({ description: 'questions in the group' }) count: number;
  @ApiProperty() conversations: number;
  @ApiProperty() lastAskedAt: string;
  @ApiProperty({ type: GapSignalsDto, description: 'why each question counts as a gap' }) signals: GapSignalsDto;
  @ApiProperty({ type: [GapExampleDto] }) examples: GapExampleDto[];
  @ApiProperty({ nullable: true, type: String, description: 'the first agent reply after one of the questions' }) agentAnswer: string | null;
  @ApiProperty({ description: 'an FAQ entry (*.faq.yaml) with the other questions as similar' }) draftYaml: string;
}

class FaqSuggestionDto {
  @ApiProperty() id: string;
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ nullable: true, type: String }) conversationId: string | null;
  @ApiProperty() createdAt: string;
}

export class GapsResponseDto {
  @ApiProperty({ description: 'how questions are grouped' }) method: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'gap questions in the range (before grouping)' }) questions: number;
  @ApiProperty({ type: [GapGroupDto], description: 'largest first, then newest' }) groups: GapGroupDto[];
  @ApiProperty({ type: [FaqSuggestionDto], description: "agents' open \"suggest as FAQ\" items" }) suggestions: FaqSuggestionDto[];
}

export class SuggestionAcceptedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['accepted'] }) status: 'accepted';
  @ApiProperty() draftYaml: string;
}

export class SuggestionDismissedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['dismissed'] }) status: 'dismissed';
}

class AnnouncementDraftDto {
  @ApiProperty({ description: 'where to save it in the knowledge folder' }) path: string;
  @ApiProperty({ description: 'Markdown with front matter title, active_from, active_until, keywords' }) text: string;
}

class BurstDto {
  @ApiProperty() id: string;
  @ApiProperty() question: string;
  @ApiProperty({ description: 'customers who asked in the window' }) customers: number;
  @ApiProperty({ description: 'questions in the window' }) questions: number;
  @ApiProperty({ description: 'customers who asked the same in the 24 hours before the window' }) previous24h: number;
  @ApiProperty() firstAskedAt: string;
  @ApiProperty({ type: [String] }) examples: string[];
  @ApiProperty({ type: AnnouncementDraftDto }) announcement: AnnouncementDraftDto;
}

export class BurstsResponseDto {
  @ApiProperty() burstMin: number;
  @ApiProperty() windowMinutes: number;
  @ApiProperty({ type: [BurstDto] }) bursts: BurstDto[];
}
