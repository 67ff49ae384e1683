import { Global, Module } from '@nestjs/common';
import { AgentDeskModule } from '../agents/agent-desk.module';
import { GracefulShutdownService } from './graceful-shutdown.service';
import { InFlightService } from './in-flight.service';

@Global()
@Module({
  imports: [AgentDeskModule],
  providers: [InFlightService, GracefulShutdownService],
  exports: [InFlightService, GracefulShutdownService],
})
export class ShutdownModule {}
