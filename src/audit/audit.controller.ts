import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminGuard } from '../agents/auth/admin.guard';
import { AuditListDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit (admin)')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/v1/audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Sign-ins, admin changes, exports and deletions, newest first' })
  @ApiOkResponse({ type: AuditListDto })
  @ApiUnauthorizedResponse()
  @ApiForbiddenResponse({ description: 'not an admin' })
  async list(@Query() query: AuditQueryDto): Promise<AuditListDto> {
    return { entries: await this.audit.list(query) };
  }
}
