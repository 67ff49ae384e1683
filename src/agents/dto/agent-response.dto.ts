import { ApiProperty } from '@nestjs/swagger';
import { AGENT_PRESENCES, AGENT_ROLES, AgentPresence, AgentRole } from '../agents.repository';

/** The signed-in agent, as login and /auth/me return it. */
export class AuthenticatedAgentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: AGENT_ROLES })
  role: AgentRole;

  @ApiProperty({ type: [String] })
  skills: string[];

  @ApiProperty()
  maxChats: number;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as "Authorization: Bearer <token>" (HTTP) or handshake auth.token (Socket.IO /agent); valid 12 h' })
  token: string;

  @ApiProperty({ type: AuthenticatedAgentDto })
  agent: AuthenticatedAgentDto;
}

/** An agent account as admins see it (never the password hash). */
export class AgentResponseDto extends AuthenticatedAgentDto {
  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ enum: AGENT_PRESENCES })
  presence: AgentPresence;

  @ApiProperty({ type: String, format: 'date-time' })
  presenceAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

export class AgentListResponseDto {
  @ApiProperty({ type: [AgentResponseDto] })
  agents: AgentResponseDto[];
}
