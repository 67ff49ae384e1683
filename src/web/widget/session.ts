import { io, Socket } from 'socket.io-client';
import type {
  CustomerClientEvents,
  CustomerHandshake,
  CustomerServerEvents,
  ErrorAck,
  HistoryConversation,
  Lang,
  LeaveMessagePayload,
  MessageView,
  NoticePayload,
  SessionPayload,
  StatusView,
  WireAttachment,
} from '../../realtime/socket-events';

type CustomerSocket = Socket<CustomerServerEvents, CustomerClientEvents>;

/** A message typed by the customer, kept until the server acknowledges it (also across reloads and offline). */
export interface OutboxItem {
  clientMessageId: string;
  text: string;
  attachmentIds?: string[];
  /** shown while the message travels */
  attachments?: WireAttachment[];
}

export interface SessionEvents {
  session(session: SessionPayload): void;
  message(message: MessageView): void;
  status(status: StatusView): void;
  typing(typing: { role: 'bot' | 'agent'; agentName?: string }): void;
  notice(notice: NoticePayload): void;
  outbox(items: OutboxItem[]): void;
  connection(connected: boolean): void;
  error(message: string): void;
}

interface Stored {
  conversationId?: string;
  token?: string;
  outbox?: OutboxItem[];
}

/**
 * The customer's conversation over Socket.IO, without any DOM: the token is kept in localStorage so a reload (or
 * another tab) resumes it; after each (re)connection the messages after the last one seen are asked for again;
 * messages typed while offline wait in an outbox, also in localStorage, and are sent with their clientMessageId
 * (the server stores a repeated id once).
 */
export class ChatSession {
  private socket?: CustomerSocket;
  private stored: Stored;
  private readonly seen = new Set<string>();
  private flushing = false;
  /** the last message shown on this page: a new page starts at 0 and shows the whole conversation again */
  private lastSeq = 0;
  current?: SessionPayload;

  constructor(
    private readonly origin: string,
    private readonly storageKey: string,
    private readonly lang: Lang,
    private readonly identity: { userId?: string; userHash?: string },
    private readonly on: SessionEvents,
  ) {
    this.stored = readStorage(storageKey);
  }

  get hasConversation(): boolean {
    return Boolean(this.stored.conversationId && this.stored.token);
  }

  get token(): string | undefined {
    return this.stored.token;
  }

  get conversationId(): string | undefined {
    return this.stored.conversationId;
  }

  get outbox(): OutboxItem[] {
    return this.stored.outbox ?? [];
  }

  get connected(): boolean {
    return Boolean(this.socket?.connected);
  }

  connect(): void {
    if (this.socket) return;
    const socket: CustomerSocket = io(`${this.origin}/customer`, {
      transports: ['websocket', 'polling'],
      // read again on every reconnection: the session may have been created meanwhile
      auth: (callback) => callback(this.handshake() as Record<string, unknown>),
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('session', (session) => void this.onSession(session));
    socket.on('message', (message) => this.receive(message));
    socket.on('status', (status) => this.on.status(status));
    socket.on('typing', (typing) => this.on.typing(typing));
    socket.on('notice', (notice) => this.on.notice(notice));
    socket.on('connect', () => this.on.connection(true));
    socket.on('disconnect', () => this.on.connection(false));
    socket.on('error', (error) => {
      // a token the server no longer knows: start afresh rather than fail forever
      if (error.code === 'UNAUTHORIZED' && this.stored.token) {
        this.save({ conversationId: undefined, token: undefined });
        this.lastSeq = 0;
        setTimeout(() => socket.connect(), 100);
        return;
      }
      this.on.error(error.message);
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', () => socket.disconnect());
      window.addEventListener('online', () => socket.connect());
    }
  }

  private handshake(): CustomerHandshake {
    return {
      ...(this.stored.conversationId && this.stored.token ? { conversationId: this.stored.conversationId, token: this.stored.token } : { lang: this.lang }),
      ...(this.identity.userId && this.identity.userHash ? { userId: this.identity.userId, userHash: this.identity.userHash } : {}),
    };
  }

  private async onSession(session: SessionPayload): Promise<void> {
    const changed = session.conversationId !== this.stored.conversationId;
    this.save({ conversationId: session.conversationId, token: session.token });
    if (changed) this.lastSeq = 0;
    this.current = session;
    this.on.session(session);
    await this.ask('resume', { lastSeq: this.lastSeq });
    await this.flush();
  }

  private receive(message: MessageView): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    this.lastSeq = Math.max(this.lastSeq, message.seq);
    this.on.message(message);
  }

  /** Queues the message and sends it now if connected (else on reconnection). */
  send(text: string, attachments: WireAttachment[] = []): void {
    const item: OutboxItem = { clientMessageId: newId(), text, ...(attachments.length ? { attachmentIds: attachments.map((a) => a.id), attachments } : {}) };
    this.save({ outbox: [...this.outbox, item] });
    this.on.outbox(this.outbox);
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.flushing || !this.socket?.connected || !this.current) return;
    this.flushing = true;
    try {
      for (const item of [...this.outbox]) {
        const ack = await this.ask('message', { clientMessageId: item.clientMessageId, text: item.text, ...(item.attachmentIds ? { attachmentIds: item.attachmentIds } : {}) });
        if (!ack) break; // no answer (connection lost): kept for the next connection
        this.save({ outbox: this.outbox.filter((queued) => queued.clientMessageId !== item.clientMessageId) });
        this.on.outbox(this.outbox);
        if ('error' in ack) this.on.error(ack.error.message);
      }
    } finally {
      this.flushing = false;
    }
  }

  handoff(): Promise<unknown> {
    return this.ask('handoff', {});
  }

  feedback(messageId: string, value: 'up' | 'down'): Promise<unknown> {
    return this.ask('feedback', { messageId, value });
  }

  typing(): void {
    if (this.socket?.connected) this.socket.emit('typing', {}, () => undefined);
  }

  async rate(score: number, comment?: string): Promise<string | undefined> {
    return errorOf(await this.ask('rate', { score, ...(comment ? { comment } : {}) }));
  }

  async leaveMessage(payload: LeaveMessagePayload): Promise<string | undefined> {
    return errorOf(await this.ask('leave_message', payload));
  }

  /** Ends the chat, or leaves the queue while waiting; the new state arrives as a `status` event. */
  async end(): Promise<string | undefined> {
    return errorOf(await this.ask('end', {}));
  }

  async history(): Promise<HistoryConversation[]> {
    const ack = await this.ask('history', {});
    return ack && !('error' in ack) ? ack.conversations : [];
  }

  /** Emits with an ack; resolves undefined when the socket is down or the server does not answer in time. */
  private ask<E extends keyof CustomerClientEvents>(event: E, payload: Parameters<CustomerClientEvents[E]>[0]): Promise<Parameters<Parameters<CustomerClientEvents[E]>[1]>[0] | undefined> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      // socket.io-client's typings cannot spread a generic event's parameters; the map above types both ends
      (socket.timeout(15000) as unknown as { emit(event: string, payload: unknown, ack: (error: unknown, response: unknown) => void): void }).emit(event, payload, (error, response) =>
        resolve(error ? undefined : (response as Parameters<Parameters<CustomerClientEvents[E]>[1]>[0])),
      );
    });
  }

  private save(patch: Partial<Stored>): void {
    this.stored = { ...this.stored, ...patch };
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.stored));
    } catch {
      // private mode or a full storage: the chat works, it just does not survive a reload
    }
  }
}

function readStorage(key: string): Stored {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? '{}') as Stored;
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

function errorOf(ack: unknown): string | undefined {
  if (!ack) return 'offline';
  return (ack as ErrorAck).error?.message;
}

function newId(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return `w-${random}`;
}
