import { Module } from '@nestjs/common';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { KnowledgeAdminService } from './knowledge-admin.service';
import { KnowledgeIndexer } from './knowledge-indexer.service';
import { KnowledgeLifecycleService } from './knowledge-lifecycle.service';
import { KnowledgeStoreModule } from './knowledge-store.module';
import { KnowledgeController } from './knowledge.controller';

@Module({
  imports: [KnowledgeStoreModule, RetrievalModule],
  controllers: [KnowledgeController],
  providers: [KnowledgeIndexer, KnowledgeLifecycleService, KnowledgeAdminService],
  exports: [KnowledgeIndexer, KnowledgeLifecycleService, KnowledgeStoreModule, RetrievalModule],
})
export class KnowledgeModule {}
