import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AgentRequest, AuthenticatedAgent } from './authenticated-agent';

/** The signed-in agent, in a handler behind AgentAuthGuard or AdminGuard. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedAgent => {
  const agent = context.switchToHttp().getRequest<AgentRequest>().agent;
  if (!agent) throw new Error('@CurrentAgent() needs AgentAuthGuard or AdminGuard on the route');
  return agent;
});
