import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { AGENT_ROLES, AgentRole } from '../agents.repository';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password';
import { skillList, trimmed } from './transforms';

export const MAX_SKILLS = 50;

export class CreateAgentDto {
  @ApiProperty({ example: 'li.lei@example.com', description: 'unique, case-insensitive; the login name' })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Li Lei', description: 'shown to customers' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, format: 'password' })
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  password: string;

  @ApiPropertyOptional({ enum: AGENT_ROLES, default: 'agent' })
  @IsOptional()
  @IsIn(AGENT_ROLES)
  role?: AgentRole;

  @ApiPropertyOptional({ type: [String], example: ['after-sales', 'billing'], description: 'skill group ids (kefu.yaml skill_groups)' })
  @IsOptional()
  @Transform(skillList)
  @IsArray()
  @ArrayMaxSize(MAX_SKILLS)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5, description: 'chats held at once' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  maxChats?: number;
}
