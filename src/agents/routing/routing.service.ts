import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { botMessage } from '../../answering/bot-messages';
import { DomainError } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { ConversationRecord } from '../../conversations/conversation.types';
import { toMessageView } from '../../conversations/conversation.types';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { MessengerService } from '../../conversations/messenger.service';
import type { BotSettings, Lang } from '../../knowledge/knowledge.types';
import { RealtimeService } from '../../realtime/realtime.service';
import { KnowledgeSnapshotService } from '../../retrieval/knowledge-snapshot.service';
import { AgentRecord, AgentsRepository } from '../agents.repository';
import { isWithinBusinessHours, nextOpening, Opening } from './business-hours';

/** Until there is history, a chat is assumed to take this long. */
const DEFAULT_HANDLING_SECONDS = 180;
const SWEEP_EVERY_MS = 1_000;

export interface QueueItem {
  conversationId: string;
  reason: string | null;
  priority: number;
  waitingSince: string | null;
  language: string | null;
  preview: string;
  skillGroup: string | null;
  /** waiting longer than QUEUE_SLA_SECONDS */
  overSla: boolean;
}

/**
 * Who handles which chat. The queue is the `waiting` conversations in the database (complaints first, then by
 * waiting time); assignment is a compare-and-set on the conversation's state, so two instances or two racing agents
 * can never both take a chat. A chat goes to the least-loaded online agent with room whose skills match its group.
 */
@Injectable()
export class RoutingService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoutingService.name);
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private dispatching?: Promise<void>;
  private dispatchAgain = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conversations: ConversationsRepository,
    private readonly agents: AgentsRepository,
    private readonly messenger: MessengerService,
    private readonly realtime: RealtimeService,
    private readonly snapshots: KnowledgeSnapshotService,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.requeueAbandoned()
        .then(
          () => undefined,
          (error: Error) => this.logger.error(`Presence sweep failed: ${error.message}`),
        )
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /** Before the database closes (Nest destroys dependents first): no sweep may start or still run against it. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweeping;
  }

  async settings(): Promise<BotSettings> {
    return this.snapshots.loaded ? (await this.snapshots.get()).settings : {};
  }

  /** The first skill group whose tags meet the answer's tags. */
  async skillGroupFor(tags: string[]): Promise<string | null> {
    const groups = (await this.settings()).skillGroups ?? [];
    return groups.find((group) => group.tags.some((tag) => tags.includes(tag)))?.id ?? null;
  }

  /** Someone can take the chat now: within business hours and at least one agent online. */
  async onDuty(now = new Date()): Promise<boolean> {
    return (await this.duty(now)) === 'on_duty';
  }

  /** Who can take a chat now: someone (`on_duty`), nobody though it is business hours (`unattended`), or it is after hours (`closed`). */
  async duty(now = new Date()): Promise<'on_duty' | 'unattended' | 'closed'> {
    if (!isWithinBusinessHours((await this.settings()).businessHours, now)) return 'closed';
    return (await this.agents.listByPresence('online')).length > 0 ? 'on_duty' : 'unattended';
  }

  /** When business hours next begin (undefined within them or without any). */
  async nextOpening(now = new Date()): Promise<Opening | undefined> {
    const hours = (await this.settings()).businessHours;
    return isWithinBusinessHours(hours, now) ? undefined : nextOpening(hours, now);
  }

  /** Assigns waiting chats while agents have room; one dispatch at a time per instance, re-run if asked meanwhile. */
  dispatch(): Promise<void> {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    this.dispatching = this.dispatchOnce()
      .catch((error: Error) => this.logger.error(`Dispatch failed: ${error.message}`))
      .finally(() => {
        this.dispatching = undefined;
        if (this.dispatchAgain) {
          this.dispatchAgain = false;
          void this.dispatch();
        }
      });
    return this.dispatching;
  }

  private async dispatchOnce(): Promise<void> {
    const [waiting, online, counts] = await Promise.all([this.conversations.waiting(), this.agents.listByPresence('online'), this.conversations.assignedCounts()]);
    if (waiting.length > 0 && online.length > 0 && isWithinBusinessHours((await this.settings()).businessHours, new Date())) {
      for (const conversation of waiting) {
        const agent = pickAgent(online, counts, conversation.skillGroup);
        if (!agent) continue;
        if (await this.assign(conversation, agent, 'auto_assigned')) counts.set(agent.id, (counts.get(agent.id) ?? 0) + 1);
      }
    }
    await this.publishQueue();
  }

  /** An agent takes a waiting chat; exactly one of two racing claims wins. */
  async claim(conversationId: string, agent: AgentRecord): Promise<ConversationRecord> {
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND', 'No such conversation');
    const load = (await this.conversations.assignedCounts()).get(agent.id) ?? 0;
    if (load >= agent.maxChats) throw new DomainError('CONFLICT', `You already have ${load} chats (your maximum is ${agent.maxChats})`);
    const assigned = conversation.state === 'waiting' ? await this.assign(conversation, agent, 'claimed') : undefined;
    if (!assigned) throw new DomainError('CONFLICT', 'This conversation is not waiting any more (another agent may have taken it)');
    await this.publishQueue();
    return assigned;
  }

  private async assign(conversation: ConversationRecord, agent: AgentRecord, reason: string): Promise<ConversationRecord | undefined> {
    const assigned = await this.conversations.transition(conversation.id, { from: ['waiting'], to: 'assigned', reason, actor: `agent:${agent.id}`, set: { agentId: agent.id } });
    if (!assigned) return undefined;
    const lang: Lang = assigned.lang ?? 'zh';
    await this.messenger.post(assigned, { role: 'system', text: lang === 'zh' ? `客服 ${agent.name} 正在为您服务。` : `${agent.name} has joined the chat.`, details: { kind: 'assigned' } });
    this.messenger.status(assigned.id, { state: 'assigned', agentName: agent.name });
    const transcript = await this.conversations.recentMessages(assigned.id, 200);
    this.realtime.toAgent(agent.id, 'conversation:assigned', {
      conversationId: assigned.id,
      summary: assigned.summary,
      transcript: transcript.map((message) => toMessageView(message, true)),
      customer: { language: assigned.lang, since: assigned.createdAt.toISOString(), csat: assigned.csatScore },
    });
    this.realtime.toAllAgents('conversation:updated', { conversationId: assigned.id, state: 'assigned', agentId: agent.id, agentName: agent.name });
    return assigned;
  }

  /** Back to the queue (agent gone, or transferred to a group), keeping its place by the original waiting time. */
  async requeue(conversation: ConversationRecord, reason: string, actor?: string, skillGroup?: string | null): Promise<void> {
    const queued = await this.conversations.transition(conversation.id, {
      from: ['assigned'],
      to: 'waiting',
      reason,
      actor,
      set: { agentId: null, ...(skillGroup !== undefined ? { skillGroup } : {}), waitingSince: conversation.waitingSince ?? new Date() },
    });
    if (!queued) return;
    const lang: Lang = queued.lang ?? 'zh';
    await this.messenger.post(queued, { role: 'system', text: lang === 'zh' ? '正在为您转接其他客服，请稍候。' : 'We are connecting you with another member of our team.', details: { kind: 'requeued' } });
    if (conversation.agentId) this.realtime.toAgent(conversation.agentId, 'conversation:updated', { conversationId: conversation.id, state: 'waiting', reason });
    await this.dispatch();
  }

  async transfer(conversationId: string, from: AgentRecord, target: { agentId?: string; group?: string }): Promise<ConversationRecord | undefined> {
    const conversation = await this.heldBy(conversationId, from);
    if (target.agentId) {
      const agent = await this.agents.findById(target.agentId);
      if (!agent || agent.disabled || agent.presence !== 'online') throw new DomainError('CONFLICT', 'That agent is not online');
      const load = (await this.conversations.assignedCounts()).get(agent.id) ?? 0;
      if (load >= agent.maxChats) throw new DomainError('CONFLICT', `${agent.name} has no room for another chat`);
      const moved = await this.conversations.transition(conversationId, { from: ['assigned'], to: 'waiting', reason: 'transfer', actor: `agent:${from.id}`, set: { agentId: null } });
      if (!moved) throw new DomainError('CONFLICT', 'The conversation changed meanwhile');
      this.realtime.toAgent(from.id, 'conversation:updated', { conversationId, state: 'transferred', to: agent.id });
      return this.assign(moved, agent, 'transferred');
    }
    const groups = (await this.settings()).skillGroups ?? [];
    if (target.group && !groups.some((group) => group.id === target.group)) throw new DomainError('VALIDATION_FAILED', `Unknown skill group "${target.group}"`);
    await this.requeue(conversation, 'transfer', `agent:${from.id}`, target.group ?? null);
    return undefined;
  }

  async close(conversationId: string, agent: AgentRecord, resolution?: string): Promise<ConversationRecord> {
    await this.heldBy(conversationId, agent);
    const closed = await this.conversations.transition(conversationId, { from: ['assigned'], to: 'closed', reason: 'closed_by_agent', actor: `agent:${agent.id}`, set: { resolution: resolution ?? null, closedAt: new Date() } });
    if (!closed) throw new DomainError('CONFLICT', 'The conversation changed meanwhile');
    const lang: Lang = closed.lang ?? 'zh';
    await this.messenger.post(closed, { role: 'system', text: lang === 'zh' ? '本次会话已结束，欢迎为本次服务评分。' : 'This chat has ended. Please rate our service.', details: { kind: 'closed' } });
    this.messenger.status(closed.id, { state: 'closed', reason: 'closed_by_agent' });
    this.realtime.toAllAgents('conversation:updated', { conversationId, state: 'closed' });
    await this.dispatch();
    return closed;
  }

  async heldBy(conversationId: string, agent: AgentRecord): Promise<ConversationRecord> {
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND', 'No such conversation');
    if (conversation.state !== 'assigned' || conversation.agentId !== agent.id) throw new DomainError('FORBIDDEN', 'You are not handling this conversation');
    return conversation;
  }

  async queue(now = Date.now()): Promise<QueueItem[]> {
    return (await this.conversations.waiting()).map((conversation) => ({
      conversationId: conversation.id,
      reason: conversation.escalationReason,
      priority: conversation.priority,
      waitingSince: conversation.waitingSince?.toISOString() ?? null,
      language: conversation.lang,
      preview: ((conversation.summary as { issue?: string } | null)?.issue ?? '').slice(0, 120),
      skillGroup: conversation.skillGroup,
      overSla: conversation.waitingSince !== null && now - conversation.waitingSince.getTime() > this.config.queueSlaSeconds * 1000,
    }));
  }

  /** Tells every waiting customer their place and an estimated wait, and every agent the queue. */
  async publishQueue(): Promise<void> {
    const [items, online] = await Promise.all([this.queue(), this.agents.listByPresence('online')]);
    const handling = (await this.conversations.recentHandlingSeconds()) ?? DEFAULT_HANDLING_SECONDS;
    const onDuty = online.length > 0 && isWithinBusinessHours((await this.settings()).businessHours, new Date());
    items.forEach((item, index) => {
      this.messenger.status(item.conversationId, onDuty ? { state: 'waiting', queuePosition: index + 1, etaSeconds: Math.round(((index + 1) * handling) / Math.max(1, online.length)) } : { state: 'waiting', queuePosition: index + 1, reason: 'offline' });
    });
    this.realtime.toAllAgents('queue', { items });
  }

  /** Chats of agents who have been offline longer than the grace period go back to the queue. */
  async requeueAbandoned(now = Date.now()): Promise<number> {
    let requeued = 0;
    for (const agent of await this.agents.listByPresence('offline')) {
      if (now - agent.presenceAt.getTime() < this.config.agentGraceMs) continue;
      for (const conversation of await this.conversations.assignedTo(agent.id)) {
        await this.requeue(conversation, 'agent_disconnected', `agent:${agent.id}`);
        requeued++;
      }
    }
    return requeued;
  }

  offlineMessage(settings: BotSettings, lang: Lang): string {
    return botMessage(settings, 'offline', lang);
  }
}

/** Least-loaded online agent with room whose skills cover the group (agents without skills take any chat). */
function pickAgent(online: AgentRecord[], counts: Map<string, number>, group: string | null): AgentRecord | undefined {
  const withRoom = online.filter((agent) => !agent.disabled && (counts.get(agent.id) ?? 0) < agent.maxChats);
  const skilled = withRoom.filter((agent) => group !== null && agent.skills.includes(group));
  const pool = skilled.length > 0 ? skilled : withRoom.filter((agent) => agent.skills.length === 0 || group === null);
  return pool.sort((a, b) => (counts.get(a.id) ?? 0) / a.maxChats - (counts.get(b.id) ?? 0) / b.maxChats || a.presenceAt.getTime() - b.presenceAt.getTime())[0];
}
