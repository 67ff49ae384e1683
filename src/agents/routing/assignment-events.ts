import { Injectable } from '@nestjs/common';
import type { ConversationRecord, MessageView } from '../../conversations/conversation.types';
import { toMessageView } from '../../conversations/conversation.types';
import { ConversationsRepository } from '../../conversations/conversations.repository';

/** What an agent is told of the customer of a chat given to them. */
export interface AssignedCustomer {
  language: 'zh' | 'en' | null;
  /** when the conversation started */
  since: string;
  /** the customer's rating of an earlier chat in this conversation, if any */
  csat: number | null;
}

/** `conversation:assigned` (DESIGN §4). */
export interface ConversationAssignedEvent {
  conversationId: string;
  summary: unknown;
  transcript: MessageView[];
  customer: AssignedCustomer;
}

const TRANSCRIPT_MESSAGES = 200;

/** The one builder of `conversation:assigned`: on assignment, claim, transfer, and when an agent's console reconnects. */
@Injectable()
export class AssignmentEvents {
  constructor(private readonly conversations: ConversationsRepository) {}

  async assigned(conversation: ConversationRecord): Promise<ConversationAssignedEvent> {
    const transcript = await this.conversations.recentMessages(conversation.id, TRANSCRIPT_MESSAGES);
    return {
      conversationId: conversation.id,
      summary: conversation.summary,
      transcript: transcript.map((message) => toMessageView(message, true)),
      customer: { language: conversation.lang, since: conversation.createdAt.toISOString(), csat: conversation.csatScore },
    };
  }

  /** Every chat the agent holds, for a console that (re)connects. */
  async heldBy(agentId: string): Promise<ConversationAssignedEvent[]> {
    return Promise.all((await this.conversations.assignedTo(agentId)).map((conversation) => this.assigned(conversation)));
  }
}
