import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { MAX_MESSAGE_CHARS, SendMessageDto } from '../../conversations/dto/conversation.dto';

export class ConversationRefDto {
  @ApiProperty()
  @IsUUID()
  conversationId: string;
}

/** An agent's reply is validated like a customer's message. */
export class AgentReplyBodyDto extends SendMessageDto {}

export class AgentReplyDto extends AgentReplyBodyDto {
  @ApiProperty()
  @IsUUID()
  conversationId: string;
}

export class NoteBodyDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS })
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS)
  text: string;
}

export class NoteDto extends NoteBodyDto {
  @ApiProperty()
  @IsUUID()
  conversationId: string;
}

export class TransferBodyDto {
  @ApiPropertyOptional({ description: 'hand the chat to this agent (online, with room)' })
  @IsOptional()
  @IsUUID()
  agentId?: string;

  @ApiPropertyOptional({ description: 'or put it back in the queue for this skill group' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  group?: string;

  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_CHARS, description: 'an internal note for whoever takes the chat next' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_MESSAGE_CHARS)
  note?: string;
}

export class TransferDto extends TransferBodyDto {
  @ApiProperty()
  @IsUUID()
  conversationId: string;
}

export class CloseBodyDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  resolution?: string;
}

export class CloseDto extends CloseBodyDto {
  @ApiProperty()
  @IsUUID()
  conversationId: string;
}

export class PresenceDto {
  @ApiProperty({ enum: ['online', 'away', 'offline'] })
  @IsIn(['online', 'away', 'offline'])
  status: 'online' | 'away' | 'offline';
}

export class FaqSuggestionDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(1, 500)
  question: string;

  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  answer: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  tags?: string[];
}

export class KnowledgeQueryDto {
  @ApiProperty({ maxLength: 500 })
  @IsString()
  @Length(1, 500)
  q: string;
}

export class CannedRepliesQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'words the reply must contain (id, title, text or tags)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh' })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
