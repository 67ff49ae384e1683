import { Injectable, Logger } from '@nestjs/common';
import { RoutingService } from '../agents/routing/routing.service';
import type { BotAnswer } from '../answering/answer.types';
import { botMessage } from '../answering/bot-messages';
import type { ConversationRecord } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessengerService } from '../conversations/messenger.service';
import type { EscalationDecision, EscalationReason } from '../escalation';
import { EscalationService } from '../escalation/escalation.service';
import type { Lang } from '../knowledge/knowledge.types';
import { MetricsService } from '../metrics/metrics.service';
import { BotSettingsService } from '../retrieval/bot-settings.service';

/**
 * From the bot to a person, in one place: the escalation policy decides, the conversation goes bot → waiting with
 * the agent's summary, the customer is told, and routing dispatches. Data flows one way: the customer side calls
 * this, this calls escalation (policy, summary) and routing (queue, agents); neither of those calls back.
 */
@Injectable()
export class HandoffService {
  private readonly logger = new Logger(HandoffService.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messenger: MessengerService,
    private readonly escalation: EscalationService,
    private readonly routing: RoutingService,
    private readonly settings: BotSettingsService,
    private readonly metrics: MetricsService,
  ) {}

  /** Whether this message (and the bot's reply to it, if any) should go to a person. */
  decide(conversation: ConversationRecord, text: string, reply: BotAnswer | undefined, options: { thumbsDown?: boolean } = {}): Promise<EscalationDecision> {
    return this.escalation.decide(conversation, text, reply, options);
  }

  /** bot → waiting: summary for the agent, a message for the customer, then routing. undefined if it was not the bot's. */
  async escalate(conversation: ConversationRecord, reason: EscalationReason, detail: string): Promise<ConversationRecord | undefined> {
    const plan = await this.escalation.plan(conversation, reason);
    const skillGroup = await this.settings.skillGroupFor(plan.routingTags);
    const waiting = await this.conversations.transition(conversation.id, {
      from: ['bot'],
      to: 'waiting',
      reason,
      actor: 'bot',
      details: { detail },
      set: { skillGroup, priority: plan.priority, escalationReason: reason, summary: plan.summary, waitingSince: new Date() },
    });
    if (!waiting) return undefined;
    this.metrics.escalations.inc({ reason });
    this.logger.log(`Conversation ${conversation.id} escalated: ${reason} (${detail})`);
    const lang: Lang = conversation.lang ?? 'zh';
    const onDuty = await this.routing.onDuty();
    await this.messenger.post(waiting, {
      role: 'system',
      text: botMessage(await this.settings.current(), onDuty ? 'handoff' : 'offline', lang),
      details: { kind: onDuty ? 'handoff' : 'offline' },
    });
    if (!onDuty) this.messenger.status(waiting.id, { state: 'waiting', reason: 'offline' });
    await this.routing.dispatch();
    return waiting;
  }
}
