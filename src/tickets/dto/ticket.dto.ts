import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class ListTicketsDto {
  @ApiPropertyOptional({ enum: ['todo', 'done', 'all'], default: 'todo', description: 'todo: open and claimed; done: answered and handled' })
  @IsOptional()
  @IsIn(['todo', 'done', 'all'])
  status?: 'todo' | 'done' | 'all';
}

export class TicketReplyDto {
  @ApiProperty({ minLength: 1, maxLength: 10000, description: 'sent by email to the address the customer left' })
  @IsString()
  @Length(1, 10000)
  @Matches(/\S/, { message: 'text must not be blank' })
  text: string;
}

export class TicketHandledDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'what was done (called back, refunded…)' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'note must not be blank' })
  note: string;
}
