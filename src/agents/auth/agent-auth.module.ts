import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AgentsRepository } from '../agents.repository';
import { AdminGuard } from './admin.guard';
import { AgentAuthGuard } from './agent-auth.guard';
import { AgentAuthService } from './agent-auth.service';
import { LoginThrottle } from './login-throttle';
import { RolesGuard } from './roles';

/**
 * Agent authentication, global because its guards protect routes of other modules (knowledge, analytics,
 * the agent side of conversations) and the /agent gateway verifies tokens with AgentAuthService.
 */
@Global()
@Module({
  imports: [JwtModule.register({ signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } })],
  providers: [AgentsRepository, AgentAuthService, AgentAuthGuard, AdminGuard, RolesGuard, LoginThrottle],
  exports: [AgentsRepository, AgentAuthService, AgentAuthGuard, AdminGuard, RolesGuard],
})
export class AgentAuthModule {}
