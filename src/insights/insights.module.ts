import { Module } from '@nestjs/common';
import { RetrievalModule } from '../retrieval/retrieval.module';
import { InsightsController } from './insights.controller';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';

/** The gap loop and incident bursts for content staff and supervisors. */
@Module({ imports: [RetrievalModule], controllers: [InsightsController], providers: [InsightsRepository, InsightsService] })
export class InsightsModule {}
