import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OVERSIGHT_ROLES, Roles } from '../agents/auth/roles';
import { AnalyticsService } from './analytics.service';
import { AnalyticsReportDto, ConversationSearchDto, ConversationSearchResponseDto, ReportQueryDto } from './dto/analytics.dto';

export class AnalyticsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('analytics (admin, supervisor)')
@ApiBearerAuth()
@Roles(...OVERSIGHT_ROLES)
@Controller('api/v1/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get()
  @ApiOperation({ summary: 'Deflection rate, escalations by reason, CSAT, answer feedback, unanswered questions grouped, FAQ suggestions' })
  overview(@Query() query: AnalyticsQueryDto) {
    return this.analytics.overview(query.days, query.limit);
  }

  @Get('report')
  @ApiOperation({ summary: 'Every table behind the charts: per day, resolution rates, escalations, medians, per agent, CSAT, top FAQ entries' })
  @ApiOkResponse({ type: AnalyticsReportDto })
  report(@Query() query: ReportQueryDto): Promise<AnalyticsReportDto> {
    return this.analytics.report(query);
  }

  @Get('conversations')
  @ApiOperation({ summary: 'Search conversations by text, dates, escalation reason, agent and rating; open one with GET /api/v1/agent/conversations/:id' })
  @ApiOkResponse({ type: ConversationSearchResponseDto })
  conversations(@Query() query: ConversationSearchDto): Promise<ConversationSearchResponseDto> {
    return this.analytics.searchConversations(query);
  }
}
