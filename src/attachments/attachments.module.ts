import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AgentDeskModule } from '../agents/agent-desk.module';
import { AgentAuthModule } from '../agents/auth/agent-auth.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationTokenGuard } from '../conversations/conversation-token.guard';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsStoreModule } from './attachments-store.module';

@Module({
  imports: [
    AttachmentsStoreModule,
    ConversationsModule,
    AgentAuthModule,
    AgentDeskModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // in memory, one file, cut off at the limit (multer answers 413 without reading the rest)
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.widget.uploadMaxBytes, files: 1, fields: 4, parts: 6 } }),
    }),
  ],
  controllers: [AttachmentsController],
  providers: [ConversationTokenGuard],
})
export class AttachmentsModule {}
