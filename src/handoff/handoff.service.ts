import { Injectable, Logger } from '@nestjs/common';
import { RoutingService } from '../agents/routing/routing.service';
import type { BotAnswer } from '../answering/answer.types';
import { botMessage, keptForTeamMessage } from '../answering/bot-messages';
import type { ConversationRecord, MessageRecord } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessengerService } from '../conversations/messenger.service';
import type { EscalationDecision, EscalationReason } from '../escalation';
import { EscalationService } from '../escalation/escalation.service';
import type { Lang } from '../knowledge/knowledge.types';
import { MetricsService } from '../metrics/metrics.service';
import { BotSettingsService } from '../retrieval/bot-settings.service';

/** How often a customer writing while nobody is on duty is told again that their messages are kept. */
export const KEPT_NOTE_EVERY_MS = 5 * 60_000;

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

  /**
   * bot → waiting: summary for the agent, a message for the customer, then routing. Returns the waiting conversation
   * and the message the customer got; `routed` when someone was on duty, so routing may have assigned the chat (and
   * said so) since. undefined if the chat was not the bot's.
   */
  async escalate(conversation: ConversationRecord, reason: EscalationReason, detail: string): Promise<{ conversation: ConversationRecord; message: MessageRecord; routed: boolean } | undefined> {
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
    // the detail may quote the customer, so the line names the reason only
    this.logger.log({ event: 'escalation', conversationId: conversation.id, reason, skillGroup, priority: plan.priority });
    const lang: Lang = conversation.lang ?? 'zh';
    const duty = await this.routing.duty();
    // within business hours with nobody online, the after-hours message (which often names the hours) would mislead
    const key = duty === 'on_duty' ? 'handoff' : duty === 'unattended' ? 'unattended' : 'offline';
    const { message } = await this.messenger.post(waiting, { role: 'system', text: botMessage(await this.settings.current(), key, lang), details: { kind: duty === 'on_duty' ? 'handoff' : 'offline' } });
    if (duty !== 'on_duty') this.messenger.status(waiting.id, { state: 'waiting', reason: 'offline' });
    await this.routing.dispatch();
    return { conversation: waiting, message, routed: duty === 'on_duty' };
  }

  onDuty(): Promise<boolean> {
    return this.routing.onDuty();
  }

  /**
   * A waiting customer wrote while nobody is on duty: a short note that the message is kept for the team and when
   * they are back, at most once per KEPT_NOTE_EVERY_MS.
   */
  async noteKeptForTeam(conversation: ConversationRecord, now = new Date()): Promise<MessageRecord | undefined> {
    const lastNote = await this.conversations.lastSystemMessageAt(conversation.id, 'kept');
    if (lastNote && now.getTime() - lastNote.getTime() < KEPT_NOTE_EVERY_MS) return undefined;
    const text = keptForTeamMessage(conversation.lang ?? 'zh', await this.routing.nextOpening(now));
    return (await this.messenger.post(conversation, { role: 'system', text, details: { kind: 'kept' } })).message;
  }
}
