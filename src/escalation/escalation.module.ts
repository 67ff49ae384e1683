import { Module } from '@nestjs/common';
import { AgentDeskModule } from '../agents/agent-desk.module';
import { ConversationsStoreModule } from '../conversations/conversations-store.module';
import { EscalationService } from './escalation.service';

@Module({ imports: [ConversationsStoreModule, AgentDeskModule], providers: [EscalationService], exports: [EscalationService] })
export class EscalationModule {}
