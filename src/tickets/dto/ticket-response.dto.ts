import { ApiProperty } from '@nestjs/swagger';
import { TICKET_STATUSES, TicketStatus } from '../tickets.repository';
import type { TicketView } from '../tickets.service';

class TicketContactDto {
  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

export class TicketViewDto implements TicketView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  conversationId: string | null;

  @ApiProperty({ type: TicketContactDto })
  contact: TicketContactDto;

  @ApiProperty({ description: 'the message the customer left' })
  text: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty({ type: String, nullable: true, enum: ['zh', 'en'] })
  language: 'zh' | 'en' | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  agentId: string | null;

  @ApiProperty({ type: String, nullable: true })
  agentName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  answeredAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the email sent' })
  reply: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'how it was handled otherwise' })
  note: string | null;

  @ApiProperty({ description: 'still not answered past TICKET_ANSWER_HOURS' })
  overdue: boolean;
}

export class TicketListDto {
  @ApiProperty({ type: [TicketViewDto], description: 'oldest first' })
  items: TicketViewDto[];

  @ApiProperty({ description: 'SMTP_URL is set: replies go out by email' })
  emailEnabled: boolean;

  @ApiProperty()
  answerWithinHours: number;
}
