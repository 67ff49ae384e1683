import { Injectable } from '@nestjs/common';
import type { BotSettings } from '../knowledge/knowledge.types';
import { KnowledgeSnapshotService } from './knowledge-snapshot.service';

/**
 * The bot settings of kefu.yaml as the index serves them (every instance the same version), for the parts of the
 * app that are not answering a question: routing (business hours, skill groups), escalation (extra complaint
 * phrases), handoff messages. Before the first index load there are none, and defaults apply.
 */
@Injectable()
export class BotSettingsService {
  constructor(private readonly snapshots: KnowledgeSnapshotService) {}

  async current(): Promise<BotSettings> {
    return this.snapshots.loaded ? (await this.snapshots.get()).settings : {};
  }

  /** The first skill group whose tags meet these tags. */
  async skillGroupFor(tags: string[]): Promise<string | null> {
    const groups = (await this.current()).skillGroups ?? [];
    return groups.find((group) => group.tags.some((tag) => tags.includes(tag)))?.id ?? null;
  }

  async hasSkillGroup(id: string): Promise<boolean> {
    return ((await this.current()).skillGroups ?? []).some((group) => group.id === id);
  }

  async complaintPhrases(): Promise<string[]> {
    const phrases = (await this.current()).complaintPhrases;
    return [...(phrases?.zh ?? []), ...(phrases?.en ?? [])];
  }
}
