import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [KnowledgeModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
