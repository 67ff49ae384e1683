import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { BotAnswer } from '../answering/answer.types';
import type { ConversationRecord, MessageRecord } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { Lang } from '../knowledge/knowledge.types';
import { BotSettingsService } from '../retrieval/bot-settings.service';
import { buildHandoffSummary, decideEscalation, EscalationDecision, EscalationReason, HandoffSummary } from '.';
import type { AnswerOutcome } from './escalation-policy';
import { sharedComplaintModel } from './mood/complaint-training';
import { SUMMARY_WRITER, SummaryWriter } from './summary-writer';

const PRIORITY: Partial<Record<EscalationReason, number>> = { complaint: 2, human_requested: 1, negative_feedback: 1 };

/** What the handoff of a conversation to a person is made of: where it should go, how urgent, the summary. */
export interface HandoffPlan {
  summary: HandoffSummary;
  priority: number;
  /** the tags that pick a skill group: the last bot answer's, and "complaints" for a complaint */
  routingTags: string[];
}

/**
 * The escalation policy over a live conversation, and the summary an agent gets. It decides and describes; the
 * state change and routing are the handoff service's.
 */
@Injectable()
export class EscalationService implements OnApplicationBootstrap {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly settings: BotSettingsService,
    @Optional() @Inject(SUMMARY_WRITER) private readonly writer?: SummaryWriter,
  ) {}

  /** Trains the complaint model at start-up rather than on the first customer message. */
  onApplicationBootstrap(): void {
    sharedComplaintModel();
  }

  /** The policy over this message and the conversation so far (earlier customer messages and what the bot did). */
  async decide(conversation: ConversationRecord, text: string, reply: BotAnswer | undefined, options: { thumbsDown?: boolean } = {}): Promise<EscalationDecision> {
    const history = await this.conversations.recentTurns(conversation.id, 40);
    const previousCustomerTexts: string[] = [];
    const previousOutcomes: AnswerOutcome[] = [];
    for (let i = 0; i < history.length; i++) {
      const message = history[i];
      if (message.role !== 'customer' || message.text === text) continue;
      const botReply = history.slice(i + 1).find((next) => next.role === 'bot');
      previousCustomerTexts.push(message.text);
      previousOutcomes.push((botReply?.outcome as AnswerOutcome | undefined) ?? 'answer');
    }
    return decideEscalation(
      { text, answerOutcome: reply?.outcome, answerConfidence: reply?.confidence, handoffEntry: reply?.handoffEntry, thumbsDown: options.thumbsDown, history: { previousCustomerTexts, previousOutcomes } },
      { extraComplaintPhrases: await this.settings.complaintPhrases() },
    );
  }

  /** The summary (by the model when there is one and it answers, else extracted), the priority and the routing tags. */
  async plan(conversation: ConversationRecord, reason: EscalationReason): Promise<HandoffPlan> {
    const transcript = await this.conversations.recentMessages(conversation.id, 200);
    const lang: Lang = conversation.lang ?? 'zh';
    const lines = transcript.map((message: MessageRecord) => ({ role: message.role, text: message.text, sources: message.details.sources?.map((source) => ({ id: source.id, title: source.title })) }));
    const orderPatterns = ((await this.settings.current()).orderNumbers ?? []).map((pattern) => new RegExp(pattern, 'i'));
    const offline = buildHandoffSummary({ transcript: lines, reason, language: lang, orderPatterns });
    // with a model the summary reads better; without one (or when it fails) the extracted one is still useful
    const summary = this.writer
      ? await this.writer.write(lines, offline).catch((error: Error) => {
          this.logger.warn(`Model summary failed, using the extracted one: ${error.message}`);
          return offline;
        })
      : offline;
    const lastTags = [...transcript].reverse().find((message) => message.role === 'bot' && message.details.tags?.length)?.details.tags ?? [];
    return {
      summary,
      priority: Math.max(PRIORITY[reason] ?? 0, summary.mood === 'angry' ? 2 : 0),
      routingTags: reason === 'complaint' ? ['complaints', ...lastTags] : lastTags,
    };
  }
}
