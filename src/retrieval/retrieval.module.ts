import { Module } from '@nestjs/common';
import { KnowledgeStoreModule } from '../knowledge/knowledge-store.module';
import { HybridSearchService } from './hybrid-search.service';
import { KnowledgeSnapshotService } from './knowledge-snapshot.service';
import { TextAnalysisService } from './text-analysis.service';

@Module({
  imports: [KnowledgeStoreModule],
  providers: [TextAnalysisService, KnowledgeSnapshotService, HybridSearchService],
  exports: [TextAnalysisService, KnowledgeSnapshotService, HybridSearchService],
})
export class RetrievalModule {}
