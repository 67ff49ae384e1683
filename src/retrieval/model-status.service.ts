import { Injectable } from '@nestjs/common';

export interface ModelPartStatus {
  /** ok: in use; degraded: configured but failing (answers go without it); off: not configured, or replaced by the offline path */
  status: 'ok' | 'degraded' | 'off';
  detail: string;
}

export type ModelPart = 'embedding' | 'chat' | 'rerank';

/**
 * Which model path is active and how it is doing, per part (embedding, chat, re-ranker), for readiness checks and
 * the start-up self-check. Each part registers how to describe itself when it is built.
 */
@Injectable()
export class ModelStatusService {
  private readonly parts = new Map<ModelPart, () => ModelPartStatus>();

  register(part: ModelPart, describe: () => ModelPartStatus): void {
    this.parts.set(part, describe);
  }

  report(): Partial<Record<ModelPart, ModelPartStatus>> {
    return Object.fromEntries([...this.parts].map(([part, describe]) => [part, describe()]));
  }

  get degraded(): boolean {
    return Object.values(this.report()).some((part) => part.status === 'degraded');
  }
}
