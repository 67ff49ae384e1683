import { Module } from '@nestjs/common';
import { AgentDeskModule } from '../agents/agent-desk.module';
import { ConversationsStoreModule } from '../conversations/conversations-store.module';
import { EscalationModule } from '../escalation/escalation.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { HandoffService } from './handoff.service';

/** Escalate → state change → dispatch: the customer side's one way to a person. */
@Module({
  imports: [ConversationsStoreModule, EscalationModule, AgentDeskModule, RetrievalModule],
  providers: [HandoffService],
  exports: [HandoffService],
})
export class HandoffModule {}
