import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';
import { TicketsController } from './tickets.controller';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** Left messages after the customer left them: the agents' inbox and the email replies. */
@Module({
  controllers: [TicketsController],
  providers: [TicketsRepository, TicketsService, MailerService],
})
export class TicketsModule {}
