import { ApiProperty } from '@nestjs/swagger';

/** The answer of an action that returns nothing else. */
export class OkResponseDto {
  @ApiProperty({ enum: [true] })
  ok: true;
}

/** The answer of an action that created something. */
export class OkWithIdResponseDto extends OkResponseDto {
  @ApiProperty({ description: 'the id of what was created' })
  id: string;
}
