import type { AnswerSource, AnswerSuggestion, AnswerOutcome } from '../answering/answer.types';
import type { MessageView } from '../realtime/socket-events';

export type ConversationState = 'bot' | 'waiting' | 'assigned' | 'closed';
export type MessageRole = 'customer' | 'bot' | 'agent' | 'system';

export interface ConversationRecord {
  id: string;
  state: ConversationState;
  lang: 'zh' | 'en' | null;
  agentId: string | null;
  skillGroup: string | null;
  priority: number;
  escalationReason: string | null;
  summary: unknown;
  waitingSince: Date | null;
  resolution: string | null;
  csatScore: number | null;
  createdAt: Date;
  closedAt: Date | null;
  /** the shop's id of a signed-in customer (widget identity verification), else null */
  customerId: string | null;
}

/** What the bot stored with its reply: read back to decide escalations that depend on history. */
export interface MessageDetails {
  sources?: AnswerSource[];
  suggestions?: AnswerSuggestion[];
  confidence?: number;
  outcome?: AnswerOutcome;
  tags?: string[];
  handoffEntry?: boolean;
  agentName?: string;
  kind?: string;
  /** photos sent with the message */
  attachments?: MessageAttachment[];
}

/** A photo as a message stores it; its URL depends on who reads it (see attachmentUrl). */
export interface MessageAttachment {
  id: string;
  contentType: string;
  size: number;
  width?: number;
  height?: number;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  text: string;
  clientMessageId: string | null;
  agentId: string | null;
  details: MessageDetails;
  feedback: 'up' | 'down' | null;
  createdAt: Date;
}

/** The wire shapes (DESIGN §4), the same over Socket.IO and REST, are defined with the socket event map. */
export type { MessageView, StatusView } from '../realtime/socket-events';

export function toMessageView(message: MessageRecord, withConversation = false): MessageView {
  const { sources, suggestions, confidence, agentName, attachments } = message.details;
  return {
    id: message.id,
    seq: message.seq,
    role: message.role,
    text: message.text,
    ...(sources?.length ? { sources } : {}),
    ...(suggestions?.length ? { suggestions } : {}),
    ...(confidence !== undefined && message.role === 'bot' ? { confidence } : {}),
    ...(agentName ? { agentName } : {}),
    ...(attachments?.length ? { attachments: attachments.map((attachment) => ({ ...attachment, url: attachmentUrl(message.conversationId, attachment.id, withConversation ? 'agent' : 'customer') })) } : {}),
    createdAt: message.createdAt.toISOString(),
    ...(withConversation ? { conversationId: message.conversationId } : {}),
  };
}

/** Customers read a photo under their conversation (with its token), agents under their own routes. */
export function attachmentUrl(conversationId: string, attachmentId: string, reader: 'customer' | 'agent'): string {
  return reader === 'agent' ? `/api/v1/agent/attachments/${attachmentId}` : `/api/v1/conversations/${conversationId}/attachments/${attachmentId}`;
}
