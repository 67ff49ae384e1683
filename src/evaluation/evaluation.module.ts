import { Module } from '@nestjs/common';
import { AnsweringModule } from '../answering/answering.module';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { EvaluationController } from './evaluation.controller';
import { EvaluationRepository } from './evaluation.repository';
import { FolderEvaluationService } from './folder-evaluation.service';

/** The knowledge folder's own evaluation questions (eval.yaml), run after every change. */
@Module({
  imports: [KnowledgeModule, AnsweringModule],
  controllers: [EvaluationController],
  providers: [EvaluationRepository, FolderEvaluationService],
  exports: [FolderEvaluationService],
})
export class EvaluationModule {}
