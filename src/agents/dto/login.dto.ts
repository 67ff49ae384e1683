import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../auth/password';
import { trimmed } from './transforms';

export class LoginDto {
  @ApiProperty({ example: 'li.lei@example.com' })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'a long passphrase', format: 'password' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  password: string;
}
