import { Module } from '@nestjs/common';
import { AppConfig, chatModelOptions } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { AnsweringService } from './answering.service';
import { AskController } from './ask.controller';
import { GROUNDED_GENERATOR, OpenAiGroundedGenerator } from './grounded-generator';

@Module({
  imports: [KnowledgeModule],
  controllers: [AskController],
  providers: [
    AnsweringService,
    {
      provide: GROUNDED_GENERATOR,
      inject: [APP_CONFIG],
      // without a key there is no model: answers are FAQ answers or extracted passages
      useFactory: (config: AppConfig) =>
        config.openai.enabled ? new OpenAiGroundedGenerator(chatModelOptions(config)) : undefined,
    },
  ],
  exports: [AnsweringService],
})
export class AnsweringModule {}
