import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentDeskService } from './agent-desk.service';
import { DESK_ROLES, OVERSIGHT_ROLES, Roles } from './auth/roles';
import type { AuthenticatedAgent } from './auth/authenticated-agent';
import { CurrentAgent } from './auth/current-agent.decorator';
import { AgentReplyBodyDto, CannedRepliesQueryDto, CloseBodyDto, FaqSuggestionDto, KnowledgeQueryDto, NoteBodyDto, PresenceDto, TransferBodyDto } from './dto/agent-desk.dto';

/** The agent desk over REST: the same operations as the /agent socket. */
@ApiTags('agent desk')
@ApiBearerAuth()
@Roles(...DESK_ROLES)
@Controller('api/v1/agent')
export class AgentDeskController {
  constructor(private readonly desk: AgentDeskService) {}

  @Get('queue')
  @ApiOperation({ summary: 'Waiting conversations: complaints first, then by waiting time' })
  async queue() {
    return { items: await this.desk.queue() };
  }

  @Put('presence')
  async presence(@CurrentAgent() agent: AuthenticatedAgent, @Body() body: PresenceDto) {
    await this.desk.setPresence(agent.id, body.status);
    return { ok: true };
  }

  @Get('conversations')
  async mine(@CurrentAgent() agent: AuthenticatedAgent) {
    return { items: await this.desk.mine(agent.id) };
  }

  @Get('conversations/:id')
  @Roles(...DESK_ROLES, ...OVERSIGHT_ROLES)
  @ApiOperation({ summary: 'Any conversation, read-only: transcript, notes, state changes (agents, admins and supervisors)' })
  detail(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string) {
    return this.desk.detail(agent.id, id);
  }

  @Post('conversations/:id/claim')
  @HttpCode(200)
  claim(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string) {
    return this.desk.claim(agent.id, id);
  }

  @Post('conversations/:id/reply')
  @HttpCode(200)
  reply(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: AgentReplyBodyDto) {
    return this.desk.reply(agent.id, id, body.clientMessageId, body.text ?? '', body.attachmentIds);
  }

  @Post('conversations/:id/notes')
  @HttpCode(200)
  note(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: NoteBodyDto) {
    return this.desk.note(agent.id, id, body.text);
  }

  @Post('conversations/:id/transfer')
  @HttpCode(200)
  transfer(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransferBodyDto) {
    return this.desk.transfer(agent.id, id, body);
  }

  @Post('conversations/:id/close')
  @HttpCode(200)
  close(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: CloseBodyDto) {
    return this.desk.close(agent.id, id, body.resolution);
  }

  @Post('conversations/:id/faq-suggestion')
  @HttpCode(200)
  @ApiOperation({ summary: 'Propose this answer as an FAQ entry for content staff' })
  suggestFaq(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: FaqSuggestionDto) {
    return this.desk.suggestFaq(agent.id, id, body);
  }

  @Get('desk')
  @ApiOperation({ summary: 'Colleagues (to transfer to), skill groups, QUEUE_SLA_SECONDS and CHAT_IDLE_MINUTES' })
  deskInfo() {
    return this.desk.desk();
  }

  @Get('conversations/:id/suggestions')
  @ApiOperation({ summary: 'Knowledge-base answers for the customer’s last message in this chat' })
  suggestions(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string) {
    return this.desk.suggestForConversation(agent.id, id);
  }

  @Get('replies')
  @ApiOperation({ summary: 'Canned replies from replies.yaml at the knowledge folder’s root, filtered by words' })
  replies(@Query() query: CannedRepliesQueryDto) {
    return this.desk.cannedReplies(query.q, query.lang);
  }

  @Get('knowledge/search')
  @ApiOperation({ summary: 'Suggested knowledge / canned replies: FAQ answers and passages to paste' })
  async knowledge(@Query() query: KnowledgeQueryDto) {
    return { items: await this.desk.suggestKnowledge(query.q) };
  }
}
