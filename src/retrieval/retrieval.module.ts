import { Module } from '@nestjs/common';
import { KnowledgeStoreModule } from '../knowledge/knowledge-store.module';
import { ConfidenceService } from './confidence/confidence.service';
import { HybridSearchService } from './hybrid-search.service';
import { KnowledgeSnapshotService } from './knowledge-snapshot.service';
import { ModelStatusService } from './model-status.service';
import { TextAnalysisService } from './text-analysis.service';

@Module({
  imports: [KnowledgeStoreModule],
  providers: [TextAnalysisService, KnowledgeSnapshotService, HybridSearchService, ConfidenceService, ModelStatusService],
  exports: [TextAnalysisService, KnowledgeSnapshotService, HybridSearchService, ConfidenceService, ModelStatusService],
})
export class RetrievalModule {}
