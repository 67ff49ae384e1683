import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageViewDto } from '../../conversations/dto/conversation-response.dto';
import { KnowledgeProblemDto } from '../../knowledge/dto/knowledge-response.dto';
import type { ConversationState, QueueItem } from '../../realtime/socket-events';
import { AGENT_PRESENCES, AgentPresence } from '../agents.repository';

const STATES: ConversationState[] = ['bot', 'waiting', 'assigned', 'closed'];
const SUMMARY = { type: 'object', additionalProperties: true, nullable: true, description: 'the handoff summary (DESIGN §4): issue, reason, mood, language, facts, botAnswers, text' } as const;

export class QueueItemDto implements QueueItem {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ type: String, nullable: true, description: 'why it was escalated' })
  reason: string | null;

  @ApiProperty({ description: 'higher first (complaints)' })
  priority: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  waitingSince: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['zh', 'en'] })
  language: string | null;

  @ApiProperty({ description: 'the customer’s last words, masked' })
  preview: string;

  @ApiProperty({ type: String, nullable: true })
  skillGroup: string | null;

  @ApiPropertyOptional({ description: 'waiting longer than QUEUE_SLA_SECONDS' })
  overSla?: boolean;
}

export class QueueResponseDto {
  @ApiProperty({ type: [QueueItemDto] })
  items: QueueItemDto[];
}

class HeldConversationDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty(SUMMARY)
  summary: unknown;

  @ApiProperty({ type: String, nullable: true, enum: ['zh', 'en'] })
  language: string | null;
}

export class HeldConversationsDto {
  @ApiProperty({ type: [HeldConversationDto] })
  items: HeldConversationDto[];
}

class EarlierConversationDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ enum: STATES })
  state: ConversationState;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true })
  resolution: string | null;
}

class CustomerDto {
  @ApiProperty({ type: String, nullable: true, description: 'the shop’s id of a customer the widget identified' })
  id: string | null;

  @ApiProperty({ type: [EarlierConversationDto] })
  earlierConversations: EarlierConversationDto[];
}

class NoteViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  agentName: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

class StateChangeDto {
  @ApiProperty({ type: String, nullable: true, enum: STATES })
  from: string | null;

  @ApiProperty({ enum: STATES })
  to: string;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'who changed it: customer, bot, an agent id, system' })
  actor: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class ConversationDetailDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ enum: STATES })
  state: ConversationState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  agentId: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['zh', 'en'] })
  language: string | null;

  @ApiProperty(SUMMARY)
  summary: unknown;

  @ApiProperty({ type: Number, nullable: true, description: 'the customer’s rating, 1–5' })
  csat: number | null;

  @ApiProperty({ type: CustomerDto })
  customer: CustomerDto;

  @ApiProperty({ type: [MessageViewDto] })
  transcript: MessageViewDto[];

  @ApiProperty({ type: [NoteViewDto] })
  notes: NoteViewDto[];

  @ApiProperty({ type: [StateChangeDto] })
  events: StateChangeDto[];
}

export class ClaimResponseDto {
  @ApiProperty({ enum: [true] })
  ok: true;

  @ApiProperty({ format: 'uuid' })
  conversationId: string;
}

/** A stored message: the same as the socket's ack. */
export class StoredMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  seq: number;
}

class LocalizedNameDto {
  @ApiPropertyOptional()
  zh?: string;

  @ApiPropertyOptional()
  en?: string;
}

class SkillGroupDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: LocalizedNameDto, description: 'per language, as kefu.yaml names it' })
  name: LocalizedNameDto;
}

class ColleagueDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: AGENT_PRESENCES })
  presence: AgentPresence;

  @ApiProperty({ type: [String] })
  skills: string[];

  @ApiProperty({ description: 'chats held now' })
  chats: number;

  @ApiProperty()
  maxChats: number;
}

export class DeskInfoDto {
  @ApiProperty()
  queueSlaSeconds: number;

  @ApiProperty()
  chatIdleMinutes: number;

  @ApiProperty({ type: [SkillGroupDto] })
  skillGroups: SkillGroupDto[];

  @ApiProperty({ type: [ColleagueDto] })
  colleagues: ColleagueDto[];
}

class KnowledgeSuggestionDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['faq', 'document', 'announcement'] })
  kind: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  path: string;

  @ApiProperty({ description: 'the answer in the chat’s language, or the passage' })
  text: string;
}

export class KnowledgeSuggestionsDto {
  @ApiProperty({ type: [KnowledgeSuggestionDto], description: 'best first' })
  items: KnowledgeSuggestionDto[];
}

export class ConversationSuggestionsDto extends KnowledgeSuggestionsDto {
  @ApiProperty({ type: String, nullable: true, description: 'the customer’s last message, searched for' })
  question: string | null;
}

class CannedReplyDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'in the language asked for' })
  text: string;

  @ApiProperty({ type: [String] })
  tags: string[];
}

export class CannedRepliesDto {
  @ApiProperty({ type: [CannedReplyDto] })
  items: CannedReplyDto[];

  @ApiProperty({ type: [KnowledgeProblemDto], description: 'what is wrong in replies.yaml' })
  problems: KnowledgeProblemDto[];
}
