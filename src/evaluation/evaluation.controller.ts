import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KNOWLEDGE_ROLES, Roles } from '../agents/auth/roles';
import { DomainError } from '../common/domain-error';
import { FolderEvaluationService } from './folder-evaluation.service';

@ApiTags('knowledge (admin, content)')
@ApiBearerAuth()
@Roles(...KNOWLEDGE_ROLES)
@Controller('api/v1/knowledge/evaluation')
export class EvaluationController {
  constructor(private readonly evaluation: FolderEvaluationService) {}

  @Get()
  @ApiOperation({ summary: "The last run of the folder's eval.yaml: every question, whether it passed, what the bot did" })
  async latest() {
    const run = await this.evaluation.latest();
    if (!run) throw new DomainError('NOT_FOUND', 'No run of eval.yaml yet (the folder may have none)');
    return run;
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Run the folder's eval.yaml now; returns the run and what changed since the last one" })
  async run() {
    const report = await this.evaluation.run();
    if (!report) throw new DomainError('NOT_FOUND', 'The knowledge folder has no eval.yaml');
    return report;
  }
}
