import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Audited } from '../audit/audited.decorator';
import { AgentAccountsService } from './agent-accounts.service';
import type { AgentRecord } from './agents.repository';
import { AdminGuard } from './auth/admin.guard';
import { AgentAuthGuard } from './auth/agent-auth.guard';
import { AgentAuthService } from './auth/agent-auth.service';
import type { AuthenticatedAgent } from './auth/authenticated-agent';
import { CurrentAgent } from './auth/current-agent.decorator';
import { AgentListResponseDto, AgentResponseDto, AuthenticatedAgentDto, LoginResponseDto } from './dto/agent-response.dto';
import { CreateAgentDto } from './dto/create-agent.dto';
import { ChangePasswordDto, LoginDto } from './dto/login.dto';
import { UpdateAgentDto } from './dto/update-agent.dto';
import { OkResponseDto } from '../common/dto/ok-response.dto';

@ApiTags('agents')
@Controller('api/v1')
export class AgentAccountsController {
  constructor(
    private readonly auth: AgentAuthService,
    private readonly accounts: AgentAccountsService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in as an agent; the token is valid 12 h' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid email or password (also for a disabled account)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed sign-ins for this account or from this address; see Retry-After' })
  login(@Body() body: LoginDto, @Ip() address: string): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password, address);
  }

  @Post('auth/password')
  @HttpCode(200)
  @Audited('agent.password_change')
  @UseGuards(AgentAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password: every older token stops working; the response carries a new one' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'the current password is wrong, or the new one too short or too common' })
  @ApiUnauthorizedResponse()
  changePassword(@CurrentAgent() agent: AuthenticatedAgent, @Body() body: ChangePasswordDto, @Ip() address: string): Promise<LoginResponseDto> {
    return this.auth.changePassword(agent.id, body.currentPassword, body.newPassword, address);
  }

  @Post('auth/sign-out-everywhere')
  @HttpCode(200)
  @Audited('agent.sign_out_everywhere')
  @UseGuards(AgentAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke every token of the signed-in agent (this one too) and close their sockets' })
  @ApiUnauthorizedResponse()
  @ApiOkResponse({ type: OkResponseDto })
  async signOutEverywhere(@CurrentAgent() agent: AuthenticatedAgent): Promise<OkResponseDto> {
    await this.auth.signOutEverywhere(agent.id);
    return { ok: true };
  }

  @Get('auth/me')
  @UseGuards(AgentAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in agent' })
  @ApiOkResponse({ type: AuthenticatedAgentDto })
  @ApiUnauthorizedResponse()
  me(@CurrentAgent() agent: AuthenticatedAgent): AuthenticatedAgentDto {
    return agent;
  }

  @Get('agents')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Every agent account (admin)' })
  @ApiOkResponse({ type: AgentListResponseDto })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse({ description: 'not an admin' })
  async list(): Promise<AgentListResponseDto> {
    return { agents: (await this.accounts.list()).map(toResponse) };
  }

  @Post('agents')
  @UseGuards(AdminGuard)
  @Audited('agent.create')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an agent account (admin)' })
  @ApiCreatedResponse({ type: AgentResponseDto })
  @ApiBadRequestResponse()
  @ApiConflictResponse({ description: 'the email is taken' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse({ description: 'not an admin' })
  async create(@Body() body: CreateAgentDto): Promise<AgentResponseDto> {
    return toResponse(await this.accounts.create(body));
  }

  @Patch('agents/:id')
  @UseGuards(AdminGuard)
  @Audited('agent.update')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change an agent: name, password, role, skills, max chats, disabled (admin)' })
  @ApiOkResponse({ type: AgentResponseDto })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'it would leave no enabled admin' })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse({ description: 'not an admin' })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateAgentDto): Promise<AgentResponseDto> {
    return toResponse(await this.accounts.update(id, body));
  }
}

/** Picks the public fields, so nothing else a record might carry is ever serialised. */
function toResponse(agent: AgentRecord): AgentResponseDto {
  const { id, email, name, role, skills, maxChats, disabled, presence, presenceAt, createdAt } = agent;
  return { id, email, name, role, skills, maxChats, disabled, presence, presenceAt, createdAt };
}
