import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChatLifecycleService } from '../agents/chat-lifecycle.service';
import type { BotAnswer } from '../answering/answer.types';
import { AnsweringService } from '../answering/answering.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { DomainError } from '../common/domain-error';
import { HandoffService } from '../handoff/handoff.service';
import { RateLimiter } from '../common/security/rate-limiter';
import { signingSecret } from '../common/security/signing-secret';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { HistoryConversation, SessionPayload } from '../realtime/socket-events';
import { RealtimeService } from '../realtime/realtime.service';
import { botMessage } from '../answering/bot-messages';
import { detectLanguage } from '../retrieval/text/normalize';
import type { ConversationRecord, MessageRecord, MessageView, StatusView } from './conversation.types';
import { toMessageView } from './conversation.types';
import { hashToken, readReservedConversationToken, reservedConversationToken, tokenMatches } from './conversation-token';
import { ConversationsRepository } from './conversations.repository';
import { verifiedCustomerId } from './customer-identity';
import { MessengerService } from './messenger.service';
import { ReplyBacklog } from './reply-backlog';

/** How many earlier conversations a signed-in customer sees, and how many of their messages. */
const HISTORY_CONVERSATIONS = 5;
const HISTORY_MESSAGES = 100;

export interface PostResult {
  message: MessageView;
  replies: MessageView[];
  status: StatusView;
  duplicate: boolean;
}

/**
 * The customer's side of a conversation, the same for Socket.IO and REST: a message is stored (and acknowledged)
 * before anything else happens; then the bot answers while the chat is the bot's, or it goes to the agent.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);

  constructor(
    private readonly repository: ConversationsRepository,
    private readonly messenger: MessengerService,
    private readonly answering: AnsweringService,
    private readonly handoff: HandoffService,
    private readonly realtime: RealtimeService,
    private readonly limits: RateLimiter,
    private readonly lifecycle: ChatLifecycleService,
    private readonly attachments: AttachmentsService,
    private readonly backlog: ReplyBacklog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Reserves a conversation: an id and a token signed for it, and no row yet — a visitor who never speaks costs
   * nothing. The row is stored by `open`, with the first message (or handoff, or left message).
   */
  async create(lang?: 'zh' | 'en'): Promise<{ conversation: ConversationRecord; token: string }> {
    const id = randomUUID();
    return { conversation: reservedConversation(id, lang ?? null), token: reservedConversationToken(signingSecret(this.config), id, lang ?? null) };
  }

  /** The shop's customer id when its HMAC is right (WIDGET_IDENTITY_SECRET), else undefined: the chat stays anonymous. */
  identify(userId: unknown, userHash: unknown): string | undefined {
    return verifiedCustomerId(this.config.widget.identitySecret, userId, userHash);
  }

  /** A verified customer's conversation becomes theirs once stored (never someone else's: a linked one stays). */
  async linkCustomer(conversationId: string, customerId: string): Promise<void> {
    await this.repository.linkCustomer(conversationId, customerId);
  }

  /** A signed-in customer's other conversations, to read on any device. */
  async history(customerId: string, exceptConversationId: string): Promise<HistoryConversation[]> {
    const earlier = await this.repository.ofCustomer(customerId, exceptConversationId, HISTORY_CONVERSATIONS);
    return Promise.all(
      earlier.map(async (other) => ({
        conversationId: other.id,
        state: other.state,
        createdAt: other.createdAt.toISOString(),
        messages: (await this.repository.recentMessages(other.id, HISTORY_MESSAGES)).map((message) => ({ ...toMessageView(message), attachments: undefined })),
      })),
    );
  }

  /**
   * A customer socket's session: the conversation named in the handshake (with its token), or a new reserved one.
   * `stored` when its row exists already.
   */
  async session(auth: { conversationId?: unknown; token?: unknown; lang?: unknown; userId?: unknown; userHash?: unknown }): Promise<{ session: SessionPayload; stored: boolean }> {
    const customerId = this.identify(auth.userId, auth.userHash);
    if (auth.conversationId === undefined && auth.token === undefined) {
      const { conversation, token } = await this.create(auth.lang === 'en' || auth.lang === 'zh' ? auth.lang : undefined);
      return { session: { conversationId: conversation.id, token, state: conversation.state, ...(customerId ? { customerId } : {}) }, stored: false };
    }
    const token = typeof auth.token === 'string' ? auth.token : undefined;
    const { conversation, stored } = await this.authorized(typeof auth.conversationId === 'string' ? auth.conversationId : undefined, token);
    // a stored conversation is linked now, a reserved one when it is stored (open)
    if (customerId && stored) await this.linkCustomer(conversation.id, customerId);
    const owner = conversation.customerId ?? customerId;
    return { session: { conversationId: conversation.id, token: String(token), state: conversation.state, ...(owner ? { customerId: owner } : {}) }, stored };
  }

  async authorize(conversationId: string | undefined, token: string | undefined): Promise<ConversationRecord> {
    return (await this.authorized(conversationId, token)).conversation;
  }

  /** The same answer for a missing conversation and a wrong token: neither says whether the other exists. */
  private async authorized(conversationId: string | undefined, token: string | undefined): Promise<{ conversation: ConversationRecord; stored: boolean }> {
    const conversation = conversationId && token ? await this.repository.find(conversationId) : undefined;
    if (conversation && tokenMatches(token!, conversation.tokenHash)) {
      const { tokenHash: _hidden, ...record } = conversation;
      return { conversation: record, stored: true };
    }
    const reserved = !conversation && conversationId && token ? readReservedConversationToken(signingSecret(this.config), conversationId, token) : undefined;
    if (reserved) return { conversation: reservedConversation(conversationId!, reserved.lang), stored: false };
    throw new DomainError('UNAUTHORIZED', 'Unknown conversation or wrong token');
  }

  /**
   * Stores a reserved conversation (its token already authorised) with the verified customer it belongs to, once;
   * nothing when it is stored already.
   */
  async open(conversationId: string, token: string, customerId?: string): Promise<void> {
    const reserved = readReservedConversationToken(signingSecret(this.config), conversationId, token);
    if (!reserved) {
      // not a reserved token: it can only be a stored conversation's (authorize checked it against the row)
      if (await this.repository.find(conversationId)) return;
      throw new DomainError('UNAUTHORIZED', 'Unknown conversation or wrong token');
    }
    const created = await this.repository.createIfAbsent(conversationId, hashToken(token), reserved.lang, customerId ?? null);
    if (!created && customerId) await this.repository.linkCustomer(conversationId, customerId);
  }

  async status(conversation: ConversationRecord): Promise<StatusView> {
    return { state: conversation.state, ...(conversation.escalationReason && conversation.state !== 'bot' ? { reason: conversation.escalationReason } : {}) };
  }

  /**
   * Stores the customer's message first (a repeated clientMessageId stores nothing new), then replies: the bot while
   * the chat is the bot's (escalating when the policy says so); while it waits with nobody on duty, FAQ answers and
   * a note that the message is kept for the team; nothing automatic once a person is involved.
   * `onStored` runs as soon as the message is stored — the socket ack.
   */
  async postCustomerMessage(conversationId: string, clientMessageId: string, text: string, onStored?: (message: MessageRecord, duplicate: boolean) => void, attachmentIds: string[] = []): Promise<PostResult> {
    const answered = this.backlog.start();
    try {
      return await this.storeAndReply(conversationId, clientMessageId, text, onStored, attachmentIds);
    } finally {
      answered();
    }
  }

  private async storeAndReply(conversationId: string, clientMessageId: string, text: string, onStored: ((message: MessageRecord, duplicate: boolean) => void) | undefined, attachmentIds: string[]): Promise<PostResult> {
    await this.limits.perConversation(conversationId);
    const attachments = await this.attachments.forMessage(conversationId, attachmentIds);
    if (!text.trim() && attachments.length === 0) throw new DomainError('VALIDATION_FAILED', 'A message needs text or a photo', { fields: ['text must not be blank'] });
    // the first words set the chat's language (kept once set), in the statement that stores them
    const stored = await this.messenger.postFromCustomer(conversationId, { role: 'customer', text, clientMessageId, ...(attachments.length ? { details: { attachments } } : {}) }, text.trim() ? detectLanguage(text) : undefined);
    onStored?.(stored.message, stored.duplicate);
    if (stored.duplicate || !stored.conversation) {
      // the replies that followed it the first time, up to the customer's next message
      const after = await this.repository.messagesAfter(conversationId, stored.message.seq, 20);
      const nextCustomer = after.findIndex((message) => message.role === 'customer');
      const replies = nextCustomer === -1 ? after : after.slice(0, nextCustomer);
      return { message: toMessageView(stored.message), replies: replies.map((message) => toMessageView(message)), status: await this.status(await this.require(conversationId)), duplicate: true };
    }
    let conversation = stored.conversation;
    if (conversation.state === 'closed') {
      conversation = (await this.repository.transition(conversationId, { from: ['closed'], to: 'bot', reason: 'customer_returned', actor: 'customer', set: { agentId: null, escalationReason: null } })) ?? (await this.require(conversationId));
    }
    const replies: MessageRecord[] = [];
    // set when the chat went to a person and routing may have changed it since: read it again for the status
    let changedSince = false;
    // a photo alone is for a person: the bot reads words only
    if (conversation.state === 'bot' && text.trim()) {
      const reply = await this.answering.answer(text, { lang: conversation.lang ?? undefined }).catch((error: Error) => {
        this.logger.error(`Answering failed in ${conversationId}: ${error.message}`);
        return undefined;
      });
      if (reply) replies.push(await this.postBotReply(conversation, reply));
      const decision = await this.handoff.decide(conversation, text, reply);
      if (decision.escalate && decision.reason) {
        const handoff = await this.handoff.escalate(conversation, decision.reason, decision.detail);
        if (handoff && !handoff.routed) {
          // nobody on duty: nothing else happened to the chat, and the customer's one message is known
          conversation = handoff.conversation;
          replies.push(handoff.message);
        } else {
          changedSince = true;
          replies.push(...(await this.repository.messagesAfter(conversationId, replies.at(-1)?.seq ?? stored.message.seq)).filter((message) => message.role === 'system'));
        }
      }
    } else if (conversation.state === 'waiting' && !(await this.handoff.onDuty())) {
      replies.push(...(await this.replyWhileNobodyOnDuty(conversation, text)));
    }
    // otherwise this message changed no state, or the escalation's result is known: what was read still holds
    const status = await this.status(changedSince ? await this.require(conversationId) : conversation);
    return { message: toMessageView(stored.message), replies: replies.map((message) => toMessageView(message)), status, duplicate: false };
  }

  /**
   * A new customer's first message arriving while replies lag (the oldest message still being answered waited longer
   * than BUSY_NOTICE_AFTER_MS): they are told at once that the answer is coming, rather than left to a silent wait.
   * Called before the message is stored, from what is in memory only: in a rush, storing waits in line too.
   */
  noticeIfBehind(conversationId: string, text: string): void {
    const after = this.config.busyNoticeAfterMs;
    if (after === 0 || this.backlog.oldestWaitMs() <= after) return;
    this.realtime.toConversation(conversationId, 'notice', { kind: 'busy', text: botMessage(undefined, 'busy', detectLanguage(text)) });
  }

  /** The bot still answers what it knows; anything else gets, now and then, a note that the team will see it. */
  private async replyWhileNobodyOnDuty(conversation: ConversationRecord, text: string): Promise<MessageRecord[]> {
    const reply = await this.answering.answer(text, { lang: conversation.lang ?? undefined }).catch((error: Error) => {
      this.logger.error(`Answering failed in ${conversation.id}: ${error.message}`);
      return undefined;
    });
    if (reply?.outcome === 'answer') return [await this.postBotReply(conversation, reply)];
    const note = await this.handoff.noteKeptForTeam(conversation);
    return note ? [note] : [];
  }

  private async postBotReply(conversation: ConversationRecord, reply: BotAnswer): Promise<MessageRecord> {
    const { message } = await this.messenger.post(conversation, {
      role: 'bot',
      text: reply.answer,
      details: { sources: reply.sources, suggestions: reply.suggestions, confidence: Math.round(reply.confidence * 1000) / 1000, outcome: reply.outcome, tags: reply.tags, handoffEntry: reply.handoffEntry },
    });
    return message;
  }

  async messages(conversationId: string, afterSeq = 0): Promise<MessageView[]> {
    return (await this.repository.messagesAfter(conversationId, afterSeq)).map((message) => toMessageView(message));
  }

  async requestHuman(conversationId: string): Promise<StatusView> {
    const conversation = await this.require(conversationId);
    if (conversation.state === 'bot') await this.handoff.escalate(conversation, 'human_requested', 'asked for a person (button)');
    return this.status(await this.require(conversationId));
  }

  async feedback(conversationId: string, messageId: string, value: 'up' | 'down'): Promise<StatusView> {
    const message = await this.repository.findMessage(conversationId, messageId);
    if (!message || message.role !== 'bot') throw new DomainError('NOT_FOUND', 'No such bot message in this conversation');
    await this.repository.setFeedback(messageId, value);
    const conversation = await this.require(conversationId);
    if (value === 'down' && conversation.state === 'bot') {
      const decision = await this.handoff.decide(conversation, '', undefined, { thumbsDown: true });
      if (decision.escalate && decision.reason) await this.handoff.escalate(conversation, decision.reason, decision.detail);
    }
    return this.status(await this.require(conversationId));
  }

  /** Tells the agent holding the chat that the customer is typing. */
  async typing(conversationId: string): Promise<void> {
    const conversation = await this.repository.find(conversationId);
    if (conversation?.state === 'assigned' && conversation.agentId) this.realtime.toAgent(conversation.agentId, 'typing', { conversationId, role: 'customer' });
  }

  async rate(conversationId: string, score: number, comment?: string): Promise<void> {
    await this.require(conversationId);
    await this.repository.rate(conversationId, score, comment?.trim() || null);
  }

  /** The customer ends the chat, or leaves the queue while waiting. */
  async end(conversationId: string): Promise<StatusView> {
    return this.lifecycle.endByCustomer(await this.require(conversationId));
  }

  /** Nobody on duty: the customer leaves a message with contact details, which agents see as a ticket. */
  async leaveMessage(conversationId: string, input: { name?: string; email?: string; phone?: string; text: string }): Promise<{ ticketId: string; status: StatusView }> {
    if (!input.email && !input.phone) throw new DomainError('VALIDATION_FAILED', 'Leave an email or a phone number so that we can answer', { fields: ['email or phone is required'] });
    await this.limits.perConversation(conversationId);
    const conversation = await this.require(conversationId);
    const ticket = await this.repository.createTicket(conversationId, input);
    if (conversation.state === 'waiting' || conversation.state === 'bot') {
      await this.repository.transition(conversationId, { from: ['waiting', 'bot'], to: 'closed', reason: 'left_message', actor: 'customer', details: { ticketId: ticket.id }, set: { closedAt: new Date() } });
    }
    const lang = conversation.lang ?? 'zh';
    await this.messenger.post(conversation, { role: 'system', text: lang === 'zh' ? '留言已收到，我们会尽快与您联系。' : 'Thanks, we got your message and will get back to you soon.', details: { kind: 'left_message' } });
    const status = await this.status(await this.require(conversationId));
    this.messenger.status(conversationId, status);
    return { ticketId: ticket.id, status };
  }

  private async require(conversationId: string): Promise<ConversationRecord> {
    const conversation = await this.repository.find(conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND', 'No such conversation');
    const { tokenHash: _hidden, ...record } = conversation;
    return record;
  }
}

/** A conversation reserved by `create`, as it reads before its row exists. */
function reservedConversation(id: string, lang: 'zh' | 'en' | null): ConversationRecord {
  return { id, state: 'bot', lang, agentId: null, skillGroup: null, priority: 0, escalationReason: null, summary: null, waitingSince: null, resolution: null, csatScore: null, createdAt: new Date(), closedAt: null, customerId: null };
}
