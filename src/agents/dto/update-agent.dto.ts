import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateAgentDto } from './create-agent.dto';

/** Every field of an agent optional; the email is the login name and cannot change. */
export class UpdateAgentDto extends PartialType(OmitType(CreateAgentDto, ['email'] as const)) {
  @ApiPropertyOptional({ description: 'a disabled agent cannot sign in, and its tokens stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
