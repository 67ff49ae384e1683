import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { MAX_INT4 } from '../../common/security/hostile-input';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export const MAX_MESSAGE_CHARS = 2000;

export class CreateConversationDto {
  @ApiPropertyOptional({ enum: ['zh', 'en'] })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class SendMessageDto {
  @ApiProperty({ description: 'the client’s id for this message: sending it twice stores it once', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  @Matches(/^[\w.:-]+$/, { message: 'clientMessageId may only use letters, digits, "_", "-", ".", ":"' })
  clientMessageId: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS, description: 'may be empty when the message carries photos' })
  @ValidateIf((body: SendMessageDto) => !body.attachmentIds?.length || (body.text !== undefined && body.text !== ''))
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;

  @ApiPropertyOptional({ description: 'ids from POST /api/v1/conversations/:id/attachments', type: [String], maxItems: 4 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class ListMessagesDto {
  @ApiPropertyOptional({ description: 'only messages with a greater sequence number', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  after?: number;
}

export class ResumeDto {
  @IsInt()
  @Min(0)
  @Max(MAX_INT4)
  lastSeq: number;
}

export class FeedbackDto {
  @ApiProperty()
  @IsUUID()
  messageId: string;

  @ApiProperty({ enum: ['up', 'down'] })
  @IsIn(['up', 'down'])
  value: 'up' | 'down';
}

export class RateConversationDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}

export class LeaveMessageDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @Matches(/^[+\d][\d\s-]{5,30}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_MESSAGE_CHARS })
  @IsString()
  @Length(1, MAX_MESSAGE_CHARS)
  text: string;
}

export class EmptyDto {}
