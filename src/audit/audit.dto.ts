import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({ description: 'entries older than this id (paging back)' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be an entry id' })
  before?: string;

  @ApiPropertyOptional({ description: 'only this action, e.g. agent.sign_in, privacy.delete' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_.]{1,64}$/, { message: 'action must be an action name such as agent.sign_in' })
  action?: string;
}

export class AuditEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() at!: Date;
  @ApiPropertyOptional() actorId?: string;
  @ApiProperty({ description: "the agent's email at the time, or system / anonymous" }) actor!: string;
  @ApiProperty({ example: 'agent.update' }) action!: string;
  @ApiPropertyOptional() target?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiPropertyOptional() address?: string;
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEntryDto] }) entries!: AuditEntryDto[];
}
