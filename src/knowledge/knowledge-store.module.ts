import { Module } from '@nestjs/common';
import { KnowledgeRepository } from './knowledge.repository';

/** The index storage alone, shared by indexing (knowledge/) and search (retrieval/). */
@Module({ providers: [KnowledgeRepository], exports: [KnowledgeRepository] })
export class KnowledgeStoreModule {}
