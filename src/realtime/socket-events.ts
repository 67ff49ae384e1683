/**
 * The Socket.IO wire protocol (DESIGN §4), typed once for the server's gateways and the browser code (widget,
 * console). Plain types only: no Nest or Node imports, so the front-end bundle can import this file.
 */

export type Lang = 'zh' | 'en';
export type ConversationState = 'bot' | 'waiting' | 'assigned' | 'closed';
export type MessageRole = 'customer' | 'bot' | 'agent' | 'system';

export interface WireError {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}
export type ErrorAck = { error: WireError };

export interface WireSource {
  id: string;
  kind: 'faq' | 'document' | 'announcement';
  title: string;
  path: string;
  score: number;
}

export interface WireSuggestion {
  id: string;
  question: string;
}

/** A photo sent with a message; `url` is served only to the conversation's token and to agents. */
export interface WireAttachment {
  id: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
  url: string;
}

/** A message as every client sees it, over Socket.IO and REST alike. */
export interface MessageView {
  id: string;
  seq: number;
  role: MessageRole;
  text: string;
  sources?: WireSource[];
  suggestions?: WireSuggestion[];
  confidence?: number;
  agentName?: string;
  attachments?: WireAttachment[];
  createdAt: string;
  /** on the agent side */
  conversationId?: string;
}

export interface StatusView {
  state: ConversationState;
  queuePosition?: number;
  etaSeconds?: number;
  agentName?: string;
  /** an escalation reason, `offline` (nobody on duty: leave a message) or how the chat closed */
  reason?: string;
}

export interface SessionPayload {
  conversationId: string;
  token: string;
  state: ConversationState;
  /** the customer the shop identified (data-user-id with a valid data-user-hash) */
  customerId?: string;
}

/** Handshake `auth` of `/customer`: none of these starts a new conversation. */
export interface CustomerHandshake {
  conversationId?: string;
  token?: string;
  lang?: Lang;
  userId?: string;
  userHash?: string;
}

export type Ack<T> = (response: T | ErrorAck) => void;

/** `/customer`, server → client. */
export interface CustomerServerEvents {
  session: (payload: SessionPayload) => void;
  message: (payload: MessageView) => void;
  status: (payload: StatusView) => void;
  /** the agent (or the bot, while it answers) is writing */
  typing: (payload: { role: 'bot' | 'agent'; agentName?: string }) => void;
  /** a passing word that is not a message (not stored, no seq): `busy` = replies are slower than usual right now */
  notice: (payload: NoticePayload) => void;
  error: (payload: WireError) => void;
}

export interface NoticePayload {
  kind: 'busy';
  text: string;
}

export interface LeaveMessagePayload {
  name?: string;
  email?: string;
  phone?: string;
  text: string;
}

/** An earlier conversation of an identified customer (their history on another device). */
export interface HistoryConversation {
  conversationId: string;
  state: ConversationState;
  createdAt: string;
  messages: MessageView[];
}

/** `/customer`, client → server (each with its ack). */
export interface CustomerClientEvents {
  message: (payload: { clientMessageId: string; text: string; attachmentIds?: string[] }, ack: Ack<{ id: string; seq: number }>) => void;
  resume: (payload: { lastSeq: number }, ack: Ack<{ ok: true; count: number }>) => void;
  handoff: (payload: Record<string, never>, ack: Ack<{ ok: true; status: StatusView }>) => void;
  feedback: (payload: { messageId: string; value: 'up' | 'down' }, ack: Ack<{ ok: true; status: StatusView }>) => void;
  rate: (payload: { score: number; comment?: string }, ack: Ack<{ ok: true }>) => void;
  leave_message: (payload: LeaveMessagePayload, ack: Ack<{ ok: true; ticketId: string }>) => void;
  typing: (payload: Record<string, never>, ack: Ack<{ ok: true }>) => void;
  history: (payload: Record<string, never>, ack: Ack<{ conversations: HistoryConversation[] }>) => void;
  /** end the chat, or leave the queue while waiting */
  end: (payload: Record<string, never>, ack: Ack<{ ok: true; status: StatusView }>) => void;
}

/** The `/customer` client → server event names at run time: any other event is answered with `UNKNOWN_EVENT`. */
export const CUSTOMER_CLIENT_EVENT_NAMES: Readonly<Record<keyof CustomerClientEvents, true>> = {
  message: true,
  resume: true,
  handoff: true,
  feedback: true,
  rate: true,
  leave_message: true,
  typing: true,
  history: true,
  end: true,
};

export interface QueueItem {
  conversationId: string;
  reason: string | null;
  priority: number;
  waitingSince: string | null;
  language: string | null;
  preview: string;
  skillGroup: string | null;
  /** waiting longer than QUEUE_SLA_SECONDS */
  overSla?: boolean;
}

export interface AssignedPayload {
  conversationId: string;
  summary: unknown;
  transcript: MessageView[];
  customer: { language: Lang | null; since?: string; csat?: number | null; customerId?: string | null };
}

export interface ConversationUpdatedPayload {
  conversationId: string;
  state: string;
  agentId?: string;
  agentName?: string;
  reason?: string;
  to?: string;
}

/** `/agent`, server → client. */
export interface AgentServerEvents {
  queue: (payload: { items: QueueItem[] }) => void;
  'conversation:assigned': (payload: AssignedPayload) => void;
  'conversation:updated': (payload: ConversationUpdatedPayload) => void;
  /** with `conversationId` set */
  message: (payload: MessageView) => void;
  typing: (payload: { conversationId: string; role: 'customer' }) => void;
  error: (payload: WireError) => void;
}

/** `/agent`, client → server. */
export interface AgentClientEvents {
  claim: (payload: { conversationId: string }, ack: Ack<{ ok: true; conversationId: string }>) => void;
  reply: (payload: { conversationId: string; clientMessageId: string; text: string; attachmentIds?: string[] }, ack: Ack<{ id: string; seq: number }>) => void;
  note: (payload: { conversationId: string; text: string }, ack: Ack<{ ok: true; id: string }>) => void;
  transfer: (payload: { conversationId: string; agentId?: string; group?: string; note?: string }, ack: Ack<{ ok: true }>) => void;
  close: (payload: { conversationId: string; resolution?: string }, ack: Ack<{ ok: true }>) => void;
  presence: (payload: { status: 'online' | 'away' | 'offline' }, ack: Ack<{ ok: true }>) => void;
  typing: (payload: { conversationId: string }, ack: Ack<{ ok: true }>) => void;
}

/** The `/agent` client → server event names at run time. */
export const AGENT_CLIENT_EVENT_NAMES: Readonly<Record<keyof AgentClientEvents, true>> = {
  claim: true,
  reply: true,
  note: true,
  transfer: true,
  close: true,
  presence: true,
  typing: true,
};

/**
 * The largest client event (its payload as JSON); a larger one is answered with `PAYLOAD_TOO_LARGE` and the socket
 * stays connected. A single transport frame over SOCKET_MAX_FRAME_BYTES is cut by the transport with the connection.
 */
export const SOCKET_MAX_EVENT_BYTES = 64 * 1024;
export const SOCKET_MAX_FRAME_BYTES = 1024 * 1024;

/** Server → client payload of a namespace's event, for typed emits. */
export type CustomerEventName = keyof CustomerServerEvents;
export type AgentEventName = keyof AgentServerEvents;
export type PayloadOf<Events, Name extends keyof Events> = Events[Name] extends (payload: infer P) => void ? P : never;
