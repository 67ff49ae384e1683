import { Module } from '@nestjs/common';
import { AppConfig, chatModelOptions } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { HttpReranker, RERANKER } from '../retrieval/reranker';
import { AnsweringService } from './answering.service';
import { AskController } from './ask.controller';
import { GROUNDED_GENERATOR, OpenAiGroundedGenerator } from './grounded-generator';
import { ModelSelfCheck } from './model-self-check';
import { StructuredChat } from './structured-chat';

@Module({
  imports: [KnowledgeModule],
  controllers: [AskController],
  providers: [
    AnsweringService,
    ModelSelfCheck,
    {
      provide: GROUNDED_GENERATOR,
      inject: [APP_CONFIG],
      // without a key there is no model: answers are FAQ answers or extracted passages
      useFactory: (config: AppConfig) =>
        config.openai.enabled ? new OpenAiGroundedGenerator(new StructuredChat(chatModelOptions(config))) : undefined,
    },
    {
      provide: RERANKER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.rerank ? new HttpReranker(config.rerank) : undefined),
    },
  ],
  exports: [AnsweringService],
})
export class AnsweringModule {}
