import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IndexRunSummary } from '../knowledge-indexer.service';
import type { KnowledgeProblem } from '../knowledge.types';

export class KnowledgeProblemDto implements KnowledgeProblem {
  @ApiProperty({ description: 'the file in the knowledge folder' })
  path: string;

  @ApiPropertyOptional()
  line?: number;

  @ApiProperty()
  message: string;

  @ApiProperty({ enum: ['error', 'warning'] })
  severity: 'error' | 'warning';
}

/** What one index pass did. */
export class IndexRunSummaryDto implements IndexRunSummary {
  @ApiProperty()
  added: number;

  @ApiProperty()
  updated: number;

  @ApiProperty()
  removed: number;

  @ApiProperty({ description: 'files that could not be read; their last good version stays served' })
  failed: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty()
  entries: number;

  @ApiProperty()
  phrases: number;

  @ApiProperty()
  durationMs: number;

  @ApiProperty({ example: 'local:hash-v1:256' })
  embeddingSpace: string;

  @ApiProperty({ description: 'every phrase was embedded again (the embedding provider or model changed)' })
  reembedded: boolean;

  @ApiProperty({ description: 'the index version served after this pass' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  finishedAt: string;

  @ApiProperty({ type: [KnowledgeProblemDto] })
  problems: KnowledgeProblemDto[];
}

class EntryCountsDto {
  @ApiProperty()
  files: number;

  @ApiProperty()
  faq: number;

  @ApiProperty()
  document: number;

  @ApiProperty()
  announcement: number;

  @ApiProperty()
  phrases: number;
}

class KnowledgeFileStatusDto {
  @ApiProperty()
  path: string;

  @ApiProperty({ enum: ['faq', 'document', 'announcement', 'settings'] })
  kind: string;

  @ApiProperty({ enum: ['ok', 'failed', 'failed-serving-last-good'] })
  status: string;

  @ApiProperty()
  entries: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  indexedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when this version of the file, with its problems, was first read; null without problems' })
  problemsSince: Date | null;

  @ApiProperty({ type: [KnowledgeProblemDto] })
  problems: KnowledgeProblemDto[];
}

class IndexProgressDto {
  @ApiProperty({ enum: ['scan', 'parse', 'write', 'vector-index', 'done'] })
  phase: string;

  @ApiProperty()
  done: number;

  @ApiProperty()
  total: number;

  @ApiPropertyOptional()
  path?: string;
}

export class KnowledgeStatusDto {
  @ApiProperty({ description: 'this instance serves the index (first pass done, models loaded)' })
  ready: boolean;

  @ApiProperty({ type: IndexProgressDto, nullable: true, description: 'the pass running on this instance: phase and files done of total' })
  indexing: IndexProgressDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'the last index pass’s failure on any instance' })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastErrorAt: Date | null;

  @ApiProperty()
  version: number;

  @ApiProperty({ type: String, nullable: true })
  embeddingSpace: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'the last pass’s summary without its problems, plus problemCount' })
  lastRun: unknown;

  @ApiProperty({ type: EntryCountsDto })
  counts: EntryCountsDto;

  @ApiProperty({ type: [KnowledgeFileStatusDto] })
  files: KnowledgeFileStatusDto[];

  @ApiProperty({ type: [KnowledgeProblemDto], description: 'every file’s problems' })
  problems: KnowledgeProblemDto[];
}

class HitScoresDto {
  @ApiProperty()
  fused: number;

  @ApiProperty()
  lexical: number;

  @ApiProperty()
  dense: number;

  @ApiProperty()
  classifier: number;

  @ApiProperty({ description: 'share of the question’s words (weighted by rarity) the entry holds' })
  coverage: number;
}

class KnowledgeHitDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: ['faq', 'document', 'announcement'] })
  kind: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  path: string;

  @ApiProperty({ type: [String] })
  headingPath: string[];

  @ApiProperty({ type: HitScoresDto })
  scores: HitScoresDto;

  @ApiProperty({ description: 'which phrase of the entry matched best (question, similar, answer, passage…)' })
  matched: string;

  @ApiProperty()
  preview: string;
}

export class KnowledgeSearchResponseDto {
  @ApiProperty({ type: [KnowledgeHitDto], description: 'best first' })
  hits: KnowledgeHitDto[];
}
