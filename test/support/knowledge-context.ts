import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import type { AppConfig } from '../../src/config/app-config';
import { DatabaseService } from '../../src/database/database.service';
import { KnowledgeIndexer } from '../../src/knowledge/knowledge-indexer.service';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { KnowledgeRepository } from '../../src/knowledge/knowledge.repository';
import { HybridSearchService } from '../../src/retrieval/hybrid-search.service';

export interface KnowledgeContext {
  app: INestApplicationContext;
  indexer: KnowledgeIndexer;
  search: HybridSearchService;
  repository: KnowledgeRepository;
  lifecycle: KnowledgeLifecycleService;
  database: DatabaseService;
  /** ids of the top hits for a question */
  topIds(question: string, limit?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The service without HTTP: the same modules as `npm start`, for tests that drive indexing and search directly. */
export async function startKnowledgeContext(config: AppConfig, options: { indexOnStart?: boolean } = {}): Promise<KnowledgeContext> {
  config.knowledge.indexOnStart = options.indexOnStart ?? false;
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  await app.init();
  const search = app.get(HybridSearchService);
  return {
    app,
    indexer: app.get(KnowledgeIndexer),
    search,
    repository: app.get(KnowledgeRepository),
    lifecycle: app.get(KnowledgeLifecycleService),
    database: app.get(DatabaseService),
    topIds: async (question, limit = 5) => (await search.search(question, { limit })).map((hit) => hit.entry.id),
    close: () => app.close(),
  };
}
