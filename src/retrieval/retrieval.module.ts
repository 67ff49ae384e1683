import { Module } from '@nestjs/common';
import { KnowledgeStoreModule } from '../knowledge/knowledge-store.module';
import { BotSettingsService } from './bot-settings.service';
import { ConfidenceService } from './confidence/confidence.service';
import { HybridSearchService } from './hybrid-search.service';
import { KnowledgeSnapshotService } from './knowledge-snapshot.service';
import { ModelStatusService } from './model-status.service';
import { KnowledgeModelRepository } from './models/knowledge-model.repository';
import { ModelStore } from './models/model-store.service';
import { TextAnalysisService } from './text-analysis.service';

@Module({
  imports: [KnowledgeStoreModule],
  providers: [KnowledgeModelRepository, ModelStore, TextAnalysisService, KnowledgeSnapshotService, HybridSearchService, ConfidenceService, BotSettingsService, ModelStatusService],
  exports: [ModelStore, TextAnalysisService, KnowledgeSnapshotService, HybridSearchService, ConfidenceService, BotSettingsService, ModelStatusService],
})
export class RetrievalModule {}
