import { Module } from '@nestjs/common';
import { ConversationsStoreModule } from '../conversations/conversations-store.module';
import { AppConfig, chatModelOptions } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { EscalationService } from './escalation.service';
import { OpenAiSummaryWriter, SUMMARY_WRITER } from './summary-writer';

@Module({
  imports: [ConversationsStoreModule, RetrievalModule],
  providers: [
    EscalationService,
    {
      provide: SUMMARY_WRITER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.openai.enabled ? new OpenAiSummaryWriter(chatModelOptions(config)) : undefined,
    },
  ],
  exports: [EscalationService],
})
export class EscalationModule {}
