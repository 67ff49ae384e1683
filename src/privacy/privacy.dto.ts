import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** Exactly one of the two: the service refuses none or both. */
export class CustomerSelectorDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one conversation (anonymous customers)' })
  @IsOptional()
  @IsUUID()
  conversationId?: string;

  @ApiPropertyOptional({ description: "the shop's id of an identified customer (widget data-user-id): all their conversations" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  customerId?: string;
}

export class DeletedCountsDto {
  @ApiProperty() conversations!: number;
  @ApiProperty() messages!: number;
  @ApiProperty() attachments!: number;
  @ApiProperty() tickets!: number;
}

export class DeletionResultDto {
  @ApiProperty({ type: 'object', additionalProperties: true, example: { customerId: 'u-1001' } }) selector!: Record<string, string>;
  @ApiProperty({ type: DeletedCountsDto }) deleted!: DeletedCountsDto;
}

export class CustomerExportDto {
  @ApiProperty({ example: 'kefu-customer-export/1' }) format!: string;
  @ApiProperty() exportedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) selector!: Record<string, string>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'each conversation with its messages, state changes, agent notes, left messages and photos (base64)',
  })
  conversations!: unknown[];
}
