import { Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../agents/auth/admin.guard';
import { SearchKnowledgeDto } from './dto/search-knowledge.dto';
import { KnowledgeAdminService } from './knowledge-admin.service';
import { Audited } from '../audit/audited.decorator';

@ApiTags('knowledge (admin)')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/v1/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeAdminService) {}

  @Get('status')
  @ApiOperation({ summary: 'Index status: counts, last run, every file with its problems' })
  status() {
    return this.knowledge.status();
  }

  @Post('reindex')
  @HttpCode(200)
  @Audited('knowledge.reindex')
  @ApiOperation({ summary: 'Re-index the knowledge folder now; returns the run summary' })
  reindex() {
    return this.knowledge.reindex();
  }

  @Get('search')
  @ApiOperation({ summary: 'Hybrid search over the index, with scores and sources' })
  search(@Query() query: SearchKnowledgeDto) {
    return this.knowledge.searchKnowledge(query.q, query.limit, query.kind);
  }
}
