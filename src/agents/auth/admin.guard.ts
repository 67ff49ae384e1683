import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { authenticate } from './agent-auth.guard';
import { AgentAuthService } from './agent-auth.service';
import type { AgentRequest } from './authenticated-agent';

/** An admin agent: 401 without a valid token, 403 for an agent who is not an admin. Sets `request.agent`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AgentAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const agent = await authenticate(context.switchToHttp().getRequest<AgentRequest>(), this.auth);
    if (agent.role !== 'admin') throw new DomainError('FORBIDDEN', 'This needs an admin account');
    return true;
  }
}
