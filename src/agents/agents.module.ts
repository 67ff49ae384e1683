import { Module } from '@nestjs/common';
import { AgentAccountsController } from './agent-accounts.controller';
import { AgentAccountsService } from './agent-accounts.service';
import { AgentAuthModule } from './auth/agent-auth.module';

/**
 * Agents: accounts and sign-in (AgentAuthModule, global: its guards protect other modules' routes), the
 * admin seed, the REST API. Presence, routing and the /agent gateway belong here too.
 */
@Module({
  imports: [AgentAuthModule],
  controllers: [AgentAccountsController],
  providers: [AgentAccountsService],
  exports: [AgentAuthModule, AgentAccountsService],
})
export class AgentsModule {}
