import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { RoutingService } from '../agents/routing/routing.service';
import type { BotAnswer } from '../answering/answer.types';
import { botMessage, keptForTeamMessage } from '../answering/bot-messages';
import type { ConversationRecord, MessageRecord } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessengerService } from '../conversations/messenger.service';
import type { Lang } from '../knowledge/knowledge.types';
import { buildHandoffSummary, decideEscalation, EscalationDecision, EscalationReason } from '.';
import type { AnswerOutcome } from './escalation-policy';
import { sharedComplaintModel } from './mood/complaint-training';
import { SUMMARY_WRITER, SummaryWriter } from './summary-writer';

/** How often a customer writing while nobody is on duty is told again that their messages are kept. */
export const KEPT_NOTE_EVERY_MS = 5 * 60_000;

const PRIORITY: Partial<Record<EscalationReason, number>> = { complaint: 2, human_requested: 1, negative_feedback: 1 };

/** Applies the escalation policy to a live conversation and, when it says so, hands the chat to the queue with a summary. */
@Injectable()
export class EscalationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messenger: MessengerService,
    private readonly routing: RoutingService,
    @Optional() @Inject(SUMMARY_WRITER) private readonly writer?: SummaryWriter,
  ) {}

  /** Trains the complaint model at start-up rather than on the first customer message. */
  onApplicationBootstrap(): void {
    sharedComplaintModel();
  }

  /** The policy over this message and the conversation so far (earlier customer messages and what the bot did). */
  async decide(conversation: ConversationRecord, text: string, reply: BotAnswer | undefined, options: { thumbsDown?: boolean } = {}): Promise<EscalationDecision> {
    const history = await this.conversations.recentMessages(conversation.id, 40);
    const previousCustomerTexts: string[] = [];
    const previousOutcomes: AnswerOutcome[] = [];
    for (let i = 0; i < history.length; i++) {
      const message = history[i];
      if (message.role !== 'customer' || message.text === text) continue;
      const botReply = history.slice(i + 1).find((next) => next.role === 'bot');
      previousCustomerTexts.push(message.text);
      previousOutcomes.push((botReply?.details.outcome as AnswerOutcome | undefined) ?? 'answer');
    }
    const settings = await this.routing.settings();
    return decideEscalation(
      { text, answerOutcome: reply?.outcome, answerConfidence: reply?.confidence, handoffEntry: reply?.handoffEntry, thumbsDown: options.thumbsDown, history: { previousCustomerTexts, previousOutcomes } },
      { extraComplaintPhrases: [...(settings.complaintPhrases?.zh ?? []), ...(settings.complaintPhrases?.en ?? [])] },
    );
  }

  async onDuty(): Promise<boolean> {
    return this.routing.onDuty();
  }

  /**
   * A waiting customer wrote while nobody is on duty: a short note that the message is kept for the team and when
   * they are back, at most once per KEPT_NOTE_EVERY_MS.
   */
  async noteKeptForTeam(conversation: ConversationRecord, now = new Date()): Promise<MessageRecord | undefined> {
    const recent = await this.conversations.recentMessages(conversation.id, 50);
    const lastNote = recent.findLast((message) => message.role === 'system' && message.details.kind === 'kept');
    if (lastNote && now.getTime() - lastNote.createdAt.getTime() < KEPT_NOTE_EVERY_MS) return undefined;
    const text = keptForTeamMessage(conversation.lang ?? 'zh', await this.routing.nextOpening(now));
    return (await this.messenger.post(conversation, { role: 'system', text, details: { kind: 'kept' } })).message;
  }

  /** bot → waiting: summary for the agent, a message for the customer, then routing. */
  async escalate(conversation: ConversationRecord, reason: EscalationReason, detail: string): Promise<ConversationRecord | undefined> {
    const transcript = await this.conversations.recentMessages(conversation.id, 200);
    const lang: Lang = conversation.lang ?? 'zh';
    const lines = transcript.map((message: MessageRecord) => ({ role: message.role, text: message.text, sources: message.details.sources?.map((source) => ({ id: source.id, title: source.title })) }));
    const orderPatterns = ((await this.routing.settings()).orderNumbers ?? []).map((pattern) => new RegExp(pattern, 'i'));
    const offline = buildHandoffSummary({ transcript: lines, reason, language: lang, orderPatterns });
    // with a model the summary reads better; without one (or when it fails) the extracted one is still useful
    const summary = this.writer
      ? await this.writer.write(lines, offline).catch((error: Error) => {
          this.logger.warn(`Model summary failed, using the extracted one: ${error.message}`);
          return offline;
        })
      : offline;
    const lastTags = [...transcript].reverse().find((message) => message.role === 'bot' && message.details.tags?.length)?.details.tags ?? [];
    const skillGroup = await this.routing.skillGroupFor(reason === 'complaint' ? ['complaints', ...lastTags] : lastTags);
    const priority = Math.max(PRIORITY[reason] ?? 0, summary.mood === 'angry' ? 2 : 0);
    const waiting = await this.conversations.transition(conversation.id, {
      from: ['bot'],
      to: 'waiting',
      reason,
      actor: 'bot',
      details: { detail },
      set: { skillGroup, priority, escalationReason: reason, summary, waitingSince: new Date() },
    });
    if (!waiting) return undefined;
    this.logger.log(`Conversation ${conversation.id} escalated: ${reason} (${detail})`);
    const settings = await this.routing.settings();
    const duty = await this.routing.duty();
    // within business hours with nobody online, the after-hours message (which often names the hours) would mislead
    const key = duty === 'on_duty' ? 'handoff' : duty === 'unattended' ? 'unattended' : 'offline';
    await this.messenger.post(waiting, { role: 'system', text: botMessage(settings, key, lang), details: { kind: duty === 'on_duty' ? 'handoff' : 'offline' } });
    if (duty !== 'on_duty') this.messenger.status(waiting.id, { state: 'waiting', reason: 'offline' });
    await this.routing.dispatch();
    return waiting;
  }
}
