import { Controller, Delete, Get, Header, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminGuard } from '../agents/auth/admin.guard';
import { Audited } from '../audit/audited.decorator';
import { DomainError } from '../common/domain-error';
import type { CustomerSelector } from './privacy.repository';
import { CustomerExportDto, CustomerSelectorDto, DeletionResultDto } from './privacy.dto';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy (admin)')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@ApiBadRequestResponse({ description: 'neither or both of conversationId and customerId' })
@ApiNotFoundResponse({ description: 'no conversation matches' })
@ApiUnauthorizedResponse()
@ApiForbiddenResponse({ description: 'not an admin' })
@Controller('api/v1/privacy')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  @Audited('privacy.export')
  @Header('Content-Disposition', 'attachment; filename="kefu-customer-export.json"')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Everything kefu holds about one customer, as a JSON download (the customer's copy)" })
  @ApiOkResponse({ type: CustomerExportDto })
  export(@Query() query: CustomerSelectorDto) {
    return this.privacy.export(selectorOf(query));
  }

  @Delete('customer-data')
  @Audited('privacy.delete')
  @ApiOperation({ summary: "Delete everything kefu holds about one customer: conversations, messages, photos, left messages" })
  @ApiOkResponse({ type: DeletionResultDto })
  delete(@Query() query: CustomerSelectorDto): Promise<DeletionResultDto> {
    return this.privacy.delete(selectorOf(query));
  }
}

function selectorOf(query: CustomerSelectorDto): CustomerSelector {
  if (query.conversationId && !query.customerId) return { conversationId: query.conversationId };
  if (query.customerId && !query.conversationId) return { customerId: query.customerId };
  throw new DomainError('VALIDATION_FAILED', 'Name the customer with exactly one of conversationId or customerId', { fields: ['conversationId or customerId is required, not both'] });
}
