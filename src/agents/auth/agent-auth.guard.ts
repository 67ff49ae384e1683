import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { annotateLogContext } from '../../logging/log-context';
import { AgentAuthService } from './agent-auth.service';
import type { AgentRequest, AuthenticatedAgent } from './authenticated-agent';

/** Any enabled agent with a valid Bearer token; sets `request.agent` (read it with @CurrentAgent()). */
@Injectable()
export class AgentAuthGuard implements CanActivate {
  constructor(private readonly auth: AgentAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await authenticate(context.switchToHttp().getRequest<AgentRequest>(), this.auth);
    return true;
  }
}

/** Verifies the request's Bearer token once per request and keeps the result on `request.agent`. */
export async function authenticate(request: AgentRequest, auth: AgentAuthService): Promise<AuthenticatedAgent> {
  if (!request.agent) {
    request.agent = await auth.verify(bearerToken(request));
    annotateLogContext({ agentId: request.agent.id });
  }
  return request.agent;
}

function bearerToken(request: AgentRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new DomainError('UNAUTHORIZED', 'Sign in first: send "Authorization: Bearer <token>" with a token from POST /api/v1/auth/login');
  return match[1];
}
