import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KNOWLEDGE_ROLES, OVERSIGHT_ROLES, Roles } from '../agents/auth/roles';
import { BurstsResponseDto, GapsQueryDto, GapsResponseDto, SuggestionAcceptedDto, SuggestionDismissedDto } from './dto/insights.dto';
import { InsightsService } from './insights.service';

@ApiTags('insights (admin, content; bursts also supervisor)')
@ApiBearerAuth()
@Roles(...KNOWLEDGE_ROLES)
@Controller('api/v1/insights')
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @Get('gaps')
  @Roles(...KNOWLEDGE_ROLES, ...OVERSIGHT_ROLES)
  @ApiOperation({ summary: 'Questions the bot did not serve well, grouped by similarity, each with an FAQ draft; open FAQ suggestions' })
  @ApiOkResponse({ type: GapsResponseDto })
  gaps(@Query() query: GapsQueryDto): Promise<GapsResponseDto> {
    return this.insights.gaps({ from: query.from, to: query.to }, query.limit);
  }

  @Post('suggestions/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Accept an agent's FAQ suggestion: returns its FAQ entry as YAML" })
  @ApiOkResponse({ type: SuggestionAcceptedDto })
  accept(@Param('id', ParseUUIDPipe) id: string): Promise<SuggestionAcceptedDto> {
    return this.insights.acceptSuggestion(id);
  }

  @Post('suggestions/:id/dismiss')
  @HttpCode(200)
  @ApiOkResponse({ type: SuggestionDismissedDto })
  dismiss(@Param('id', ParseUUIDPipe) id: string): Promise<SuggestionDismissedDto> {
    return this.insights.dismissSuggestion(id);
  }

  @Get('bursts')
  @Roles(...KNOWLEDGE_ROLES, ...OVERSIGHT_ROLES)
  @ApiOperation({ summary: 'Incident bursts: many customers asking one new thing in the last ten minutes, with an announcement draft' })
  @ApiOkResponse({ type: BurstsResponseDto })
  bursts(): Promise<BurstsResponseDto> {
    return this.insights.bursts();
  }
}
