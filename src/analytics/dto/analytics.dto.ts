import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class ReportQueryDto {
  @ApiPropertyOptional({ description: 'first day (ISO date, UTC); default 30 days before `to`' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO date' })
  from?: Date;

  @ApiPropertyOptional({ description: 'last day, included (ISO date, UTC); default today' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO date' })
  to?: Date;
}

export class ConversationSearchDto extends ReportQueryDto {
  @ApiPropertyOptional({ description: 'words in the customer, bot or agent messages', maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ description: 'escalation reason, e.g. complaint' })
  @IsOptional()
  @IsIn(['complaint', 'human_requested', 'low_confidence', 'handoff_entry', 'negative_feedback', 'repeated_question'])
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

class DayDto {
  @ApiProperty({ example: '2026-12-01' }) day: string;
  @ApiProperty() conversations: number;
  @ApiProperty() escalated: number;
  @ApiProperty() botResolved: number;
}

class CountDto {
  @ApiProperty() reason: string;
  @ApiProperty() count: number;
}

class AgentRowDto {
  @ApiProperty() agentId: string;
  @ApiProperty() name: string;
  @ApiProperty() chats: number;
  @ApiProperty({ nullable: true, type: Number }) medianFirstResponseSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number }) csatAverage: number | null;
  @ApiProperty() csatResponses: number;
}

class CsatDto {
  @ApiProperty() responses: number;
  @ApiProperty({ nullable: true, type: Number }) average: number | null;
  @ApiProperty({ description: 'score → count, "1" … "5"' }) distribution: Record<string, number>;
}

class FaqHitDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() count: number;
}

export class AnalyticsReportDto {
  @ApiProperty() from: string;
  @ApiProperty({ description: 'exclusive' }) to: string;
  @ApiProperty() conversations: number;
  @ApiProperty() escalated: number;
  @ApiProperty({ nullable: true, type: Number, description: 'no agent involved and the last thumb was up or the chat was rated ≥ 4, over all conversations' }) botResolvedRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'conversations that never went to a person (what most vendors call resolution)' }) notEscalatedRate: number | null;
  @ApiProperty({ nullable: true, type: Number }) medianWaitSeconds: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'from escalation to the first agent message' }) medianFirstResponseSeconds: number | null;
  @ApiProperty({ type: [DayDto] }) perDay: DayDto[];
  @ApiProperty({ type: [CountDto] }) escalationsByReason: CountDto[];
  @ApiProperty({ type: [AgentRowDto] }) agents: AgentRowDto[];
  @ApiProperty({ type: CsatDto }) csat: CsatDto;
  @ApiProperty({ type: [FaqHitDto] }) topFaqEntries: FaqHitDto[];
}

class ConversationHitDto {
  @ApiProperty() conversationId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) agentName: string | null;
  @ApiProperty({ nullable: true, type: Number }) rating: number | null;
  @ApiProperty({ description: "the customer's first message" }) preview: string;
}

export class ConversationSearchResponseDto {
  @ApiProperty({ type: [ConversationHitDto] }) items: ConversationHitDto[];
}
