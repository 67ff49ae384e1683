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
  const { sources, suggestions, confidence, agentName } = message.details;
  return {
    id: message.id,
    seq: message.seq,
    role: message.role,
    text: message.text,
    ...(sources?.length ? { sources } : {}),
    ...(suggestions?.length ? { suggestions } : {}),
    ...(confidence !== undefined && message.role === 'bot' ? { confidence } : {}),
    ...(agentName ? { agentName } : {}),
    createdAt: message.createdAt.toISOString(),
    ...(withConversation ? { conversationId: message.conversationId } : {}),
  };
}
