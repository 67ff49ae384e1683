import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../common/domain-error';
import type { AgentRole } from '../agents.repository';
import { authenticate } from './agent-auth.guard';
import { AgentAuthService } from './agent-auth.service';
import type { AgentRequest } from './authenticated-agent';

/** Who takes chats: the desk (queue, claim, reply, tickets) is theirs. */
export const DESK_ROLES: readonly AgentRole[] = ['agent', 'admin'];
/** Who keeps the knowledge folder: status, re-index, search, evaluation, the gap loop. */
export const KNOWLEDGE_ROLES: readonly AgentRole[] = ['admin', 'content'];
/** Who watches how the service does: analytics, incident bursts, any conversation read-only. */
export const OVERSIGHT_ROLES: readonly AgentRole[] = ['admin', 'supervisor'];

const ROLES_KEY = 'kefu:roles';

/**
 * The route (or every route of the controller) needs a signed-in account with one of these roles: 401 without a
 * valid token, 403 with another role. A method's list replaces its controller's.
 */
export function Roles(...roles: AgentRole[]) {
  return applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(RolesGuard));
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly auth: AgentAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const agent = await authenticate(context.switchToHttp().getRequest<AgentRequest>(), this.auth);
    const roles = this.reflector.getAllAndOverride<AgentRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]) ?? [];
    if (!roles.includes(agent.role)) throw new DomainError('FORBIDDEN', `This needs one of these roles: ${roles.join(', ')}`);
    return true;
  }
}
