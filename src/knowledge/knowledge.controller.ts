import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KNOWLEDGE_ROLES, Roles } from '../agents/auth/roles';
import { IndexRunSummaryDto, KnowledgeSearchResponseDto, KnowledgeStatusDto } from './dto/knowledge-response.dto';
import { SearchKnowledgeDto } from './dto/search-knowledge.dto';
import { KnowledgeAdminService } from './knowledge-admin.service';
import { Audited } from '../audit/audited.decorator';

@ApiTags('knowledge (admin, content)')
@ApiBearerAuth()
@Roles(...KNOWLEDGE_ROLES)
@Controller('api/v1/knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeAdminService) {}

  @Get('status')
  @ApiOperation({ summary: 'Index status: counts, last run, every file with its problems' })
  @ApiOkResponse({ type: KnowledgeStatusDto })
  status(): Promise<KnowledgeStatusDto> {
    return this.knowledge.status();
  }

  @Post('reindex')
  @HttpCode(200)
  @Audited('knowledge.reindex')
  @ApiOperation({ summary: 'Re-index the knowledge folder now; returns the run summary' })
  @ApiOkResponse({ type: IndexRunSummaryDto })
  reindex(): Promise<IndexRunSummaryDto> {
    return this.knowledge.reindex();
  }

  @Get('search')
  @ApiOperation({ summary: 'Hybrid search over the index, with scores and sources' })
  @ApiOkResponse({ type: KnowledgeSearchResponseDto })
  search(@Query() query: SearchKnowledgeDto): Promise<KnowledgeSearchResponseDto> {
    return this.knowledge.searchKnowledge(query.q, query.limit, query.kind);
  }
}
