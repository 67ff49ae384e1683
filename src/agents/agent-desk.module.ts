import { Module } from '@nestjs/common';
import { AttachmentsStoreModule } from '../attachments/attachments-store.module';
import { ConversationsStoreModule } from '../conversations/conversations-store.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { AgentDeskController } from './agent-desk.controller';
import { AgentDeskService } from './agent-desk.service';
import { AgentGateway } from './agent.gateway';
import { AgentsModule } from './agents.module';
import { AssignmentEvents } from './routing/assignment-events';
import { PresenceService } from './routing/presence.service';
import { RoutingSweepService } from './routing/routing-sweep.service';
import { CannedRepliesService } from './canned-replies.service';
import { ChatLifecycleService } from './chat-lifecycle.service';
import { RoutingService } from './routing/routing.service';

/** The live side of agents: presence, routing and the queue, the /agent gateway and its REST mirror. */
@Module({
  imports: [AgentsModule, ConversationsStoreModule, KnowledgeModule, AttachmentsStoreModule],
  controllers: [AgentDeskController],
  providers: [RoutingService, AssignmentEvents, PresenceService, RoutingSweepService, AgentDeskService, AgentGateway, ChatLifecycleService, CannedRepliesService],
  exports: [RoutingService, PresenceService, RoutingSweepService, AgentDeskService, ChatLifecycleService],
})
export class AgentDeskModule {}
