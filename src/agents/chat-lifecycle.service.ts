import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { ConversationRecord, ConversationState, StatusView } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessengerService } from '../conversations/messenger.service';
import { RealtimeService } from '../realtime/realtime.service';
import { RoutingService } from './routing/routing.service';

const NOTICES = {
  idle: { zh: '由于长时间没有新消息，本次会话已自动结束。如还需要帮助，随时给我们发消息。', en: 'This chat was closed after a while without messages. Write to us again any time.' },
  customer_ended: { zh: '您已结束本次会话，感谢您的咨询。', en: 'You ended the chat. Thank you for contacting us.' },
  customer_left_queue: { zh: '您已离开排队。如还需要帮助，随时给我们发消息。', en: 'You left the queue. Write to us again any time.' },
} as const;

/**
 * How a chat ends other than by its agent: the customer ends it (or leaves the queue), or it goes idle for
 * CHAT_IDLE_MINUTES. Either way the customer is told, the agent's slot is freed and the queue moves on.
 */
@Injectable()
export class ChatLifecycleService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChatLifecycleService.name);
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly conversations: ConversationsRepository,
    private readonly messenger: MessengerService,
    private readonly realtime: RealtimeService,
    private readonly routing: RoutingService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.chatIdleMs <= 0) return;
    // a quarter of the idle time, so a chat closes at most 25% late, and never busier than once a second
    const every = Math.min(60_000, Math.max(1_000, Math.round(this.config.chatIdleMs / 4)));
    this.sweeper = setInterval(() => {
      this.sweeping ??= this.closeIdle()
        .catch((error: Error) => this.logger.error(`Idle sweep failed: ${error.message}`))
        .finally(() => (this.sweeping = undefined));
    }, every);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.sweeping;
  }

  /** Closes every assigned chat quiet for CHAT_IDLE_MINUTES; returns how many. */
  async closeIdle(now = Date.now()): Promise<number> {
    if (this.config.chatIdleMs <= 0) return 0;
    let closed = 0;
    for (const conversation of await this.conversations.idleAssigned(new Date(now - this.config.chatIdleMs))) {
      if (await this.end(conversation, ['assigned'], 'idle', 'system')) closed++;
    }
    if (closed > 0) await this.routing.dispatch();
    return closed;
  }

  /** The customer ends the chat (with the bot or an agent) or leaves the queue. */
  async endByCustomer(conversation: ConversationRecord): Promise<StatusView> {
    if (conversation.state === 'closed') return { state: 'closed' };
    const reason = conversation.state === 'waiting' ? 'customer_left_queue' : 'customer_ended';
    const ended = await this.end(conversation, [conversation.state], reason, 'customer');
    if (!ended) throw new DomainError('CONFLICT', 'The chat changed meanwhile; try again');
    if (conversation.state !== 'bot') await this.routing.dispatch();
    return { state: 'closed', reason };
  }

  private async end(conversation: ConversationRecord, from: ConversationState[], reason: keyof typeof NOTICES, actor: string): Promise<ConversationRecord | undefined> {
    const closed = await this.conversations.transition(conversation.id, { from, to: 'closed', reason, actor, set: { closedAt: new Date() } });
    if (!closed) return undefined;
    await this.messenger.post(closed, { role: 'system', text: NOTICES[reason][closed.lang ?? 'zh'], details: { kind: reason } });
    this.messenger.status(closed.id, { state: 'closed', reason });
    this.realtime.toAllAgents('conversation:updated', { conversationId: closed.id, state: 'closed', reason });
    return closed;
  }
}
