import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { ConversationRecord } from '../../conversations/conversation.types';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { MessengerService } from '../../conversations/messenger.service';
import type { Lang } from '../../knowledge/knowledge.types';
import { RealtimeService } from '../../realtime/realtime.service';
import { BotSettingsService } from '../../retrieval/bot-settings.service';
import { AgentRecord, AgentsRepository } from '../agents.repository';
import { AssignmentEvents } from './assignment-events';
import { isWithinBusinessHours, nextOpening, Opening } from './business-hours';
import type { QueueItem as QueueItemView } from '../../realtime/socket-events';

/** Until there is history, a chat is assumed to take this long. */
const DEFAULT_HANDLING_SECONDS = 180;

/** A queue item as the console receives it (DESIGN §4), always saying whether it is over the waiting-time target. */
export type QueueItem = QueueItemView & { overSla: boolean };

/**
 * Who handles which chat. The queue is the `waiting` conversations in the database (complaints first, then by
 * waiting time). Assignment is one conditional change in the database — the conversation still waiting and the
 * agent under their maximum, decided together — so any instance may dispatch at any time and two instances, or
 * two racing agents, can neither both take a chat nor give an agent more than `maxChats`. A chat goes to the
 * least-loaded online agent with room whose skills match its group.
 */
@Injectable()
export class RoutingService implements OnModuleDestroy {
  private readonly logger = new Logger(RoutingService.name);
  // not a lock (the database decides): calls arriving during a dispatch share one follow-up pass instead of one each
  private dispatching?: Promise<void>;
  private dispatchAgain = false;
  private stopping = false;
  /** the queue's order and the basis of the estimates when this instance last told waiting customers their place */
  private lastPublished?: { estimate: string; order: string[] };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conversations: ConversationsRepository,
    private readonly agents: AgentsRepository,
    private readonly messenger: MessengerService,
    private readonly realtime: RealtimeService,
    private readonly settings: BotSettingsService,
    private readonly events: AssignmentEvents,
  ) {}

  /** Before the database closes (Nest destroys dependents first): no dispatch starts or still runs against it. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.dispatching;
  }

  /** Someone can take the chat now: within business hours and at least one agent online. */
  async onDuty(now = new Date()): Promise<boolean> {
    return (await this.duty(now)) === 'on_duty';
  }

  /** Who can take a chat now: someone (`on_duty`), nobody though it is business hours (`unattended`), or it is after hours (`closed`). */
  async duty(now = new Date()): Promise<'on_duty' | 'unattended' | 'closed'> {
    if (!isWithinBusinessHours((await this.settings.current()).businessHours, now)) return 'closed';
    return (await this.agents.anyOnline()) ? 'on_duty' : 'unattended';
  }

  /** When business hours next begin (undefined within them or without any). */
  async nextOpening(now = new Date()): Promise<Opening | undefined> {
    const hours = (await this.settings.current()).businessHours;
    return isWithinBusinessHours(hours, now) ? undefined : nextOpening(hours, now);
  }

  /** Assigns waiting chats while agents have room, then tells customers and agents the queue. */
  dispatch(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    this.dispatching = this.dispatchOnce()
      .then(() => this.publishQueue())
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

  /** One pass over the queue; returns how many chats it assigned. */
  async dispatchOnce(): Promise<number> {
    // nobody to give a chat to is the common case in a rush: then the queue and the loads need not be read
    const online = await this.agents.listByPresence('online');
    if (online.length === 0 || !isWithinBusinessHours((await this.settings.current()).businessHours, new Date())) return 0;
    const [waiting, counts] = await Promise.all([this.conversations.waiting(), this.conversations.assignedCounts()]);
    if (waiting.length === 0) return 0;
    let assigned = 0;
    for (const conversation of waiting) {
      for (;;) {
        const agent = pickAgent(online, counts, conversation.skillGroup);
        if (!agent) break;
        const outcome = await this.conversations.assignWithinCapacity(conversation.id, agent.id, 'auto_assigned');
        if (outcome.assigned) {
          counts.set(agent.id, (counts.get(agent.id) ?? 0) + 1);
          await this.announceAssigned(outcome.assigned, agent, 'auto_assigned');
          assigned++;
          break;
        }
        if (outcome.refused === 'not_waiting') break; // another instance took it
        counts.set(agent.id, agent.maxChats); // another instance filled this agent meanwhile: try the next one
      }
    }
    return assigned;
  }

  /** An agent takes a waiting chat; exactly one of two racing claims wins, and never past the agent's maximum. */
  async claim(conversationId: string, agent: AgentRecord): Promise<ConversationRecord> {
    const outcome = await this.conversations.assignWithinCapacity(conversationId, agent.id, 'claimed');
    if (!outcome.assigned) {
      if (!(await this.conversations.find(conversationId))) throw new DomainError('NOT_FOUND', 'No such conversation');
      if (outcome.refused === 'full') throw new DomainError('CONFLICT', `You already have your maximum of ${agent.maxChats} chats`);
      throw new DomainError('CONFLICT', 'This conversation is not waiting any more (another agent may have taken it)');
    }
    await this.announceAssigned(outcome.assigned, agent, 'claimed');
    await this.publishQueue();
    return outcome.assigned;
  }

  private async announceAssigned(assigned: ConversationRecord, agent: AgentRecord, reason: string): Promise<void> {
    const lang: Lang = assigned.lang ?? 'zh';
    await this.messenger.post(assigned, { role: 'system', text: lang === 'zh' ? `客服 ${agent.name} 正在为您服务。` : `${agent.name} has joined the chat.`, details: { kind: 'assigned' } });
    this.messenger.status(assigned.id, { state: 'assigned', agentName: agent.name });
    this.realtime.toAgent(agent.id, 'conversation:assigned', await this.events.assigned(assigned));
    this.realtime.toAllAgents('conversation:updated', { conversationId: assigned.id, state: 'assigned', agentId: agent.id, agentName: agent.name, reason });
  }

  /**
   * Back to the queue (agent gone, or transferred to a group), keeping its place by the original waiting time.
   * Only while the agent who held it still does, so two instances noticing the same absence requeue it once.
   */
  async requeue(conversation: ConversationRecord, reason: string, actor?: string, skillGroup?: string | null): Promise<boolean> {
    const queued = await this.conversations.transition(conversation.id, {
      from: ['assigned'],
      heldBy: conversation.agentId ?? undefined,
      to: 'waiting',
      reason,
      actor,
      set: { agentId: null, ...(skillGroup !== undefined ? { skillGroup } : {}), waitingSince: conversation.waitingSince ?? new Date() },
    });
    if (!queued) return false;
    const lang: Lang = queued.lang ?? 'zh';
    await this.messenger.post(queued, { role: 'system', text: lang === 'zh' ? '正在为您转接其他客服，请稍候。' : 'We are connecting you with another member of our team.', details: { kind: 'requeued' } });
    if (conversation.agentId) this.realtime.toAgent(conversation.agentId, 'conversation:updated', { conversationId: conversation.id, state: 'waiting', reason });
    await this.dispatch();
    return true;
  }

  async transfer(conversationId: string, from: AgentRecord, target: { agentId?: string; group?: string }): Promise<ConversationRecord | undefined> {
    const conversation = await this.heldBy(conversationId, from);
    if (target.agentId) {
      const agent = await this.agents.findById(target.agentId);
      if (!agent || agent.disabled || !(await this.agents.listByPresence('online')).some((online) => online.id === agent.id)) throw new DomainError('CONFLICT', 'That agent is not online');
      const load = (await this.conversations.assignedCounts()).get(agent.id) ?? 0;
      if (load >= agent.maxChats) throw new DomainError('CONFLICT', `${agent.name} has no room for another chat`);
      const moved = await this.conversations.transition(conversationId, { from: ['assigned'], heldBy: from.id, to: 'waiting', reason: 'transfer', actor: `agent:${from.id}`, set: { agentId: null } });
      if (!moved) throw new DomainError('CONFLICT', 'The conversation changed meanwhile');
      this.realtime.toAgent(from.id, 'conversation:updated', { conversationId, state: 'transferred', to: agent.id });
      const outcome = await this.conversations.assignWithinCapacity(conversationId, agent.id, 'transferred');
      if (outcome.assigned) {
        await this.announceAssigned(outcome.assigned, agent, 'transferred');
        await this.publishQueue();
        return outcome.assigned;
      }
      // the agent filled up between the check and the move: the chat waits in the queue for whoever is free
      await this.dispatch();
      return undefined;
    }
    if (target.group && !(await this.settings.hasSkillGroup(target.group))) throw new DomainError('VALIDATION_FAILED', `Unknown skill group "${target.group}"`);
    await this.requeue(conversation, 'transfer', `agent:${from.id}`, target.group ?? null);
    return undefined;
  }

  async close(conversationId: string, agent: AgentRecord, resolution?: string): Promise<ConversationRecord> {
    await this.heldBy(conversationId, agent);
    const closed = await this.conversations.transition(conversationId, { from: ['assigned'], heldBy: agent.id, to: 'closed', reason: 'closed_by_agent', actor: `agent:${agent.id}`, set: { resolution: resolution ?? null, closedAt: new Date() } });
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
    const onDuty = online.length > 0 && isWithinBusinessHours((await this.settings.current()).businessHours, new Date());
    // a customer keeps their place and estimate when the queue changes only behind them (a new chat joins at the end):
    // telling them again would make every escalation in a rush a message to everyone already waiting
    const estimate = onDuty ? `${online.length}:${handling}` : 'offline';
    const told = this.lastPublished?.estimate === estimate ? this.lastPublished.order : [];
    items.forEach((item, index) => {
      if (told[index] === placeKey(item)) return;
      this.messenger.status(item.conversationId, onDuty ? { state: 'waiting', queuePosition: index + 1, etaSeconds: Math.round(((index + 1) * handling) / Math.max(1, online.length)) } : { state: 'waiting', queuePosition: index + 1, reason: 'offline' });
    });
    this.lastPublished = { estimate, order: items.map(placeKey) };
    this.realtime.toAllAgents('queue', { items });
  }

  /** Chats of agents who have been offline longer than the grace period go back to the queue; returns how many. */
  async requeueAbandoned(now = Date.now()): Promise<number> {
    let requeued = 0;
    for (const agent of await this.agents.listByPresence('offline')) {
      if (now - agent.presenceAt.getTime() < this.config.agentGraceMs) continue;
      for (const conversation of await this.conversations.assignedTo(agent.id)) {
        if (await this.requeue(conversation, 'agent_disconnected', `agent:${agent.id}`)) requeued++;
      }
    }
    return requeued;
  }
}

/** A chat's place in the queue as told: the same chat queued again (a new waiting time) is told again. */
function placeKey(item: QueueItem): string {
  return `${item.conversationId}@${item.waitingSince}`;
}

/** Least-loaded online agent with room whose skills cover the group (agents without skills take any chat). */
function pickAgent(online: AgentRecord[], counts: Map<string, number>, group: string | null): AgentRecord | undefined {
  const withRoom = online.filter((agent) => !agent.disabled && (counts.get(agent.id) ?? 0) < agent.maxChats);
  const skilled = withRoom.filter((agent) => group !== null && agent.skills.includes(group));
  const pool = skilled.length > 0 ? skilled : withRoom.filter((agent) => agent.skills.length === 0 || group === null);
  return pool.sort((a, b) => (counts.get(a.id) ?? 0) / a.maxChats - (counts.get(b.id) ?? 0) / b.maxChats || a.presenceAt.getTime() - b.presenceAt.getTime())[0];
}
