import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { AGENT_ROLES, AgentRole } from '../agents.repository';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password';
import { MAX_SKILLS } from './create-agent.dto';
import { skillList, trimmed } from './transforms';

/** Every field optional; the email is the login name and cannot change. */
export class UpdateAgentDto {
  @ApiPropertyOptional({ example: 'Li Lei' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, format: 'password', description: 'sets a new password' })
  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  password?: string;

  @ApiPropertyOptional({ enum: AGENT_ROLES })
  @IsOptional()
  @IsIn(AGENT_ROLES)
  role?: AgentRole;

  @ApiPropertyOptional({ type: [String], example: ['after-sales'] })
  @IsOptional()
  @Transform(skillList)
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxChats?: number;

  @ApiPropertyOptional({ description: 'a disabled agent cannot sign in, and its tokens stop working' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
