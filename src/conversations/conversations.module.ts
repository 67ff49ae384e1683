import { Module } from '@nestjs/common';
import { AgentDeskModule } from '../agents/agent-desk.module';
import { AnsweringModule } from '../answering/answering.module';
import { AttachmentsStoreModule } from '../attachments/attachments-store.module';
import { HandoffModule } from '../handoff/handoff.module';
import { ConversationTokenGuard } from './conversation-token.guard';
import { ConversationsStoreModule } from './conversations-store.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { CustomerGateway } from './customer.gateway';
import { ReplyBacklog } from './reply-backlog';

@Module({
  imports: [ConversationsStoreModule, AnsweringModule, HandoffModule, AttachmentsStoreModule, AgentDeskModule],
  controllers: [ConversationsController],
  providers: [ConversationsService, CustomerGateway, ConversationTokenGuard, ReplyBacklog],
  exports: [ConversationsService],
})
export class ConversationsModule {}
