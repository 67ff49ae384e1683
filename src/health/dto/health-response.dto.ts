import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ModelPartStatus } from '../../retrieval/model-status.service';

export class LiveResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

class ModelPartStatusDto implements ModelPartStatus {
  @ApiProperty({ enum: ['ok', 'degraded', 'off'], description: 'degraded: configured but failing; answers go on without it' })
  status: ModelPartStatus['status'];

  @ApiProperty({ description: 'which model path is active and why' })
  detail: string;
}

class ModelChecksDto {
  @ApiPropertyOptional({ type: ModelPartStatusDto })
  embedding?: ModelPartStatusDto;

  @ApiPropertyOptional({ type: ModelPartStatusDto })
  chat?: ModelPartStatusDto;

  @ApiPropertyOptional({ type: ModelPartStatusDto })
  rerank?: ModelPartStatusDto;
}

class ReadinessChecksDto {
  @ApiProperty({ description: 'answered a query within 2 s' })
  database: boolean;

  @ApiProperty()
  migrations: boolean;

  @ApiProperty({ description: 'the first index pass is done and the served version’s models are loaded' })
  index: boolean;

  @ApiProperty({ description: 'false once shutting down' })
  accepting: boolean;

  @ApiProperty({ type: ModelChecksDto, description: 'not required for readiness' })
  models: ModelChecksDto;
}

/** 200 with this when ready; 503 with the same checks in the error's details otherwise. */
export class ReadyResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ type: ReadinessChecksDto })
  checks: ReadinessChecksDto;
}
