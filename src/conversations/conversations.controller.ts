import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { OkResponseDto } from '../common/dto/ok-response.dto';
import { ConversationCreatedDto, LeftMessageDto, MessageListDto, PostMessageResponseDto, StatusResponseDto } from './dto/conversation-response.dto';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ConversationTokenGuard } from './conversation-token.guard';
import { ConversationsService } from './conversations.service';
import { CreateConversationDto, FeedbackDto, LeaveMessageDto, ListMessagesDto, RateConversationDto, SendMessageDto } from './dto/conversation.dto';

/** The REST mirror of the /customer socket, for channels without sockets (DESIGN §4). */
@ApiTags('conversations (customer)')
@Controller('api/v1/conversations')
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'RATE_LIMIT_PER_IP (or, for messages, RATE_LIMIT_PER_CONVERSATION) reached; see Retry-After' })
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Post()
  @ApiOperation({ summary: 'Start a conversation (stored with its first message); keep the token, it authorises everything else' })
  @ApiCreatedResponse({ type: ConversationCreatedDto })
  async create(@Body() body: CreateConversationDto): Promise<ConversationCreatedDto> {
    const { conversation, token } = await this.conversations.create(body.lang);
    return { conversationId: conversation.id, token, state: conversation.state };
  }

  @Post(':id/messages')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Send a message; the bot’s replies (or the handoff) come back in the response' })
  @ApiOkResponse({ type: PostMessageResponseDto })
  async send(@Param('id', ParseUUIDPipe) id: string, @Body() body: SendMessageDto): Promise<PostMessageResponseDto> {
    const { message, replies, status } = await this.conversations.postCustomerMessage(id, body.clientMessageId, body.text ?? '', undefined, body.attachmentIds);
    return { message, replies, status };
  }

  @Get(':id/messages')
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: MessageListDto })
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: ListMessagesDto): Promise<MessageListDto> {
    return { messages: await this.conversations.messages(id, query.after ?? 0) };
  }

  @Post(':id/handoff')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: StatusResponseDto })
  async handoff(@Param('id', ParseUUIDPipe) id: string): Promise<StatusResponseDto> {
    return { status: await this.conversations.requestHuman(id) };
  }

  @Post(':id/end')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End the chat, or leave the queue while waiting for a person' })
  @ApiOkResponse({ type: StatusResponseDto })
  async end(@Param('id', ParseUUIDPipe) id: string): Promise<StatusResponseDto> {
    return { status: await this.conversations.end(id) };
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: StatusResponseDto })
  async feedback(@Param('id', ParseUUIDPipe) id: string, @Body() body: FeedbackDto): Promise<StatusResponseDto> {
    return { status: await this.conversations.feedback(id, body.messageId, body.value) };
  }

  @Post(':id/rating')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: OkResponseDto })
  async rate(@Param('id', ParseUUIDPipe) id: string, @Body() body: RateConversationDto): Promise<OkResponseDto> {
    await this.conversations.rate(id, body.score, body.comment);
    return { ok: true };
  }

  @Post(':id/leave-message')
  @HttpCode(200)
  @UseGuards(ConversationTokenGuard)
  @ApiBearerAuth()
  @ApiOkResponse({ type: LeftMessageDto })
  async leaveMessage(@Param('id', ParseUUIDPipe) id: string, @Body() body: LeaveMessageDto): Promise<LeftMessageDto> {
    return this.conversations.leaveMessage(id, body);
  }
}
