import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AnswerSourceDto, AnswerSuggestionDto } from '../../answering/dto/ask-response.dto';
import type { ConversationState, MessageRole, MessageView, StatusView, WireAttachment } from '../../realtime/socket-events';

const STATES: ConversationState[] = ['bot', 'waiting', 'assigned', 'closed'];
const ROLES: MessageRole[] = ['customer', 'bot', 'agent', 'system'];

export class AttachmentViewDto implements WireAttachment {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'image/jpeg' })
  contentType: string;

  @ApiProperty({ description: 'bytes' })
  size: number;

  @ApiPropertyOptional()
  width?: number;

  @ApiPropertyOptional()
  height?: number;

  @ApiProperty({ description: 'served only to the conversation’s token and to agents' })
  url: string;
}

/** A message as every client sees it, over Socket.IO and REST alike (DESIGN §4). */
export class MessageViewDto implements MessageView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'the order of the conversation’s messages, from 1' })
  seq: number;

  @ApiProperty({ enum: ROLES })
  role: MessageRole;

  @ApiProperty()
  text: string;

  @ApiPropertyOptional({ type: [AnswerSourceDto] })
  sources?: AnswerSourceDto[];

  @ApiPropertyOptional({ type: [AnswerSuggestionDto] })
  suggestions?: AnswerSuggestionDto[];

  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'bot messages' })
  confidence?: number;

  @ApiPropertyOptional({ description: 'agent messages' })
  agentName?: string;

  @ApiPropertyOptional({ type: [AttachmentViewDto] })
  attachments?: AttachmentViewDto[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'on the agent side' })
  conversationId?: string;
}

export class StatusViewDto implements StatusView {
  @ApiProperty({ enum: STATES })
  state: ConversationState;

  @ApiPropertyOptional({ description: 'while waiting: 1 = next' })
  queuePosition?: number;

  @ApiPropertyOptional()
  etaSeconds?: number;

  @ApiPropertyOptional()
  agentName?: string;

  @ApiPropertyOptional({ description: 'an escalation reason, `offline` (nobody on duty: leave a message) or how the chat closed' })
  reason?: string;
}

export class ConversationCreatedDto {
  @ApiProperty({ format: 'uuid' })
  conversationId: string;

  @ApiProperty({ description: 'send as "Authorization: Bearer <token>" on every other route of this conversation' })
  token: string;

  @ApiProperty({ enum: STATES })
  state: ConversationState;
}

export class PostMessageResponseDto {
  @ApiProperty({ type: MessageViewDto, description: 'the customer’s message as stored' })
  message: MessageViewDto;

  @ApiProperty({ type: [MessageViewDto], description: 'the bot’s replies, or the handoff notice' })
  replies: MessageViewDto[];

  @ApiProperty({ type: StatusViewDto })
  status: StatusViewDto;
}

export class MessageListDto {
  @ApiProperty({ type: [MessageViewDto], description: 'in seq order' })
  messages: MessageViewDto[];
}

export class StatusResponseDto {
  @ApiProperty({ type: StatusViewDto })
  status: StatusViewDto;
}

export class LeftMessageDto {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ type: StatusViewDto })
  status: StatusViewDto;
}
