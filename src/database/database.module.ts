import { Global, Module } from '@nestjs/common';
import { INSTANCE_ID, newInstanceId } from '../common/instance-id';
import { DatabaseService } from './database.service';
import { LeaseRepository } from './lease.repository';

@Global()
@Module({
  providers: [DatabaseService, LeaseRepository, { provide: INSTANCE_ID, useFactory: newInstanceId }],
  exports: [DatabaseService, LeaseRepository, INSTANCE_ID],
})
export class DatabaseModule {}
