import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DESK_ROLES, Roles } from '../agents/auth/roles';
import type { AuthenticatedAgent } from '../agents/auth/authenticated-agent';
import { CurrentAgent } from '../agents/auth/current-agent.decorator';
import { TicketListDto, TicketViewDto } from './dto/ticket-response.dto';
import { ListTicketsDto, TicketHandledDto, TicketReplyDto } from './dto/ticket.dto';
import { TicketsService } from './tickets.service';

/** The inbox of messages customers left when nobody was on duty. */
@ApiTags('agent desk')
@ApiBearerAuth()
@Roles(...DESK_ROLES)
@Controller('api/v1/agent/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({ summary: 'Left messages, oldest first, each flagged when unanswered past TICKET_ANSWER_HOURS' })
  @ApiOkResponse({ type: TicketListDto })
  list(@Query() query: ListTicketsDto): Promise<TicketListDto> {
    return this.tickets.list(query.status);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a ticket; 409 when another agent has it' })
  @ApiOkResponse({ type: TicketViewDto })
  claim(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string): Promise<TicketViewDto> {
    return this.tickets.claim(agent.id, id);
  }

  @Post(':id/reply')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer by email (SMTP_URL) to the address the customer left; marks the ticket answered' })
  @ApiOkResponse({ type: TicketViewDto })
  reply(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: TicketReplyDto): Promise<TicketViewDto> {
    return this.tickets.reply(agent.id, id, body.text);
  }

  @Post(':id/handled')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the ticket handled with a note (answered by phone, or no reply needed)' })
  @ApiOkResponse({ type: TicketViewDto })
  handled(@CurrentAgent() agent: AuthenticatedAgent, @Param('id', ParseUUIDPipe) id: string, @Body() body: TicketHandledDto): Promise<TicketViewDto> {
    return this.tickets.markHandled(agent.id, id, body.note);
  }
}
