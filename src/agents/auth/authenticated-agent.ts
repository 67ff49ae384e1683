import type { Request } from 'express';
import type { AgentRecord, AgentRole } from '../agents.repository';

/** Who is calling: set on `request.agent` by the guards, returned by AgentAuthService.verify for sockets. */
export type AuthenticatedAgent = Pick<AgentRecord, 'id' | 'email' | 'name' | 'role' | 'skills' | 'maxChats'>;

/** What an agent token carries (besides iat/exp). */
export interface AgentTokenPayload {
  sub: string;
  role: AgentRole;
  name: string;
  /** the account's token version when it was signed */
  ver: number;
}

export interface AgentRequest extends Request {
  agent?: AuthenticatedAgent;
}

export function toAuthenticatedAgent(agent: AgentRecord): AuthenticatedAgent {
  return { id: agent.id, email: agent.email, name: agent.name, role: agent.role, skills: [...agent.skills], maxChats: agent.maxChats };
}
