export { AdminGuard } from './admin.guard';
export { AgentAuthGuard } from './agent-auth.guard';
export { AgentAuthModule } from './agent-auth.module';
export { AgentAuthService, TOKEN_TTL } from './agent-auth.service';
export type { LoginResult } from './agent-auth.service';
export type { AgentRequest, AgentTokenPayload, AuthenticatedAgent } from './authenticated-agent';
export { CurrentAgent } from './current-agent.decorator';
export { DESK_ROLES, KNOWLEDGE_ROLES, OVERSIGHT_ROLES, Roles, RolesGuard } from './roles';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './password';
