import { Module } from '@nestjs/common';
import { PrivacyController } from './privacy.controller';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';
import { RetentionService } from './retention.service';

/** Customers' data over time: export and deletion on request, and the RETENTION_DAYS purge. */
@Module({
  controllers: [PrivacyController],
  providers: [PrivacyRepository, PrivacyService, RetentionService],
  exports: [RetentionService],
})
export class PrivacyModule {}
