import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { maskContacts } from '../escalation/facts';
import { RealtimeService } from '../realtime/realtime.service';
import type { ConversationRecord, MessageRecord, StatusView } from './conversation.types';
import { toMessageView } from './conversation.types';
import { ConversationsRepository, NewMessage } from './conversations.repository';

/** Stores a message, then tells everyone who should see it: the customer's devices and the agent holding the chat. */
@Injectable()
export class MessengerService {
  constructor(
    private readonly repository: ConversationsRepository,
    private readonly realtime: RealtimeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * With REDACT_STORED_PII a customer's card / ID numbers, phones and emails are masked before they are stored.
   * IDEMPOTENCY_CONFLICT when the clientMessageId was stored with another text.
   */
  async post(conversation: Pick<ConversationRecord, 'id' | 'agentId' | 'state'>, message: NewMessage): Promise<{ message: MessageRecord; duplicate: boolean }> {
    const stored = await this.store(conversation.id, message);
    if (!stored.duplicate) this.announce(conversation, stored.message);
    return stored;
  }

  /**
   * A customer's message, as `post`, without reading the conversation first: the statement that stores it returns the
   * conversation as it left it (`lang` set when it had none). No conversation comes back for a duplicate.
   */
  async postFromCustomer(conversationId: string, message: NewMessage, lang?: 'zh' | 'en'): Promise<{ message: MessageRecord; duplicate: boolean; conversation?: ConversationRecord }> {
    const stored = await this.store(conversationId, message, lang);
    if (stored.conversation) this.announce(stored.conversation, stored.message);
    return stored;
  }

  private async store(conversationId: string, message: NewMessage, lang?: 'zh' | 'en') {
    const redacted = this.config.security.redactStoredPii && message.role === 'customer' ? { ...message, text: maskContacts(message.text) } : message;
    const stored = await this.repository.appendMessage(conversationId, redacted, lang);
    // as Stripe does: a retry must repeat the request; a new text under a used id is a client bug, not a retry
    if (stored.duplicate && stored.message.text !== redacted.text) {
      throw new DomainError('IDEMPOTENCY_CONFLICT', `clientMessageId ${redacted.clientMessageId} was already used for another text`, { seq: stored.message.seq });
    }
    return stored;
  }

  announce(conversation: Pick<ConversationRecord, 'id' | 'agentId' | 'state'>, message: MessageRecord): void {
    this.realtime.toConversation(conversation.id, 'message', toMessageView(message));
    if (conversation.agentId && conversation.state === 'assigned') this.realtime.toAgent(conversation.agentId, 'message', toMessageView(message, true));
  }

  /** The customer sees that the agent is writing. */
  typing(conversationId: string, agentName: string): void {
    this.realtime.toConversation(conversationId, 'typing', { role: 'agent', agentName });
  }

  status(conversationId: string, status: StatusView): void {
    this.realtime.toConversation(conversationId, 'status', status);
  }
}
