import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { HealthController } from './health.controller';

@Module({ imports: [KnowledgeModule], controllers: [HealthController] })
export class HealthModule {}
