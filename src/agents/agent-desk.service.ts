import { Inject, Injectable } from '@nestjs/common';
import { AttachmentsService } from '../attachments/attachments.service';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { attachmentUrl, toMessageView } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessengerService } from '../conversations/messenger.service';
import type { Lang } from '../knowledge/knowledge.types';
import { BotSettingsService } from '../retrieval/bot-settings.service';
import { HybridSearchService } from '../retrieval/hybrid-search.service';
import { AgentPresence, AgentRecord, AgentsRepository } from './agents.repository';
import { AssignmentEvents } from './routing/assignment-events';
import { PresenceService } from './routing/presence.service';
import { CannedRepliesService } from './canned-replies.service';
import { RoutingService } from './routing/routing.service';

/** What an agent does with a chat: everything goes through here, from the socket or REST. */
@Injectable()
export class AgentDeskService {
  constructor(
    private readonly agents: AgentsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messenger: MessengerService,
    private readonly routing: RoutingService,
    private readonly search: HybridSearchService,
    private readonly presence: PresenceService,
    private readonly assignments: AssignmentEvents,
    private readonly attachments: AttachmentsService,
    private readonly canned: CannedRepliesService,
    private readonly botSettings: BotSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async agent(id: string): Promise<AgentRecord> {
    const agent = await this.agents.findById(id);
    if (!agent || agent.disabled) throw new DomainError('UNAUTHORIZED', 'Unknown or disabled agent');
    return agent;
  }

  async setPresence(agentId: string, presence: AgentPresence): Promise<void> {
    await this.presence.set(agentId, presence);
  }

  /** What a console gets on (re)connecting: the chats the agent holds and the queue. */
  async session(agentId: string) {
    const [held, queue] = await Promise.all([this.assignments.heldBy(agentId), this.routing.queue()]);
    return { held, queue };
  }

  connected(agentId: string): Promise<void> {
    return this.presence.connected(agentId);
  }

  dispatch(): Promise<void> {
    return this.routing.dispatch();
  }

  disconnected(agentId: string): Promise<void> {
    return this.presence.disconnected(agentId);
  }

  queue() {
    return this.routing.queue();
  }

  async claim(agentId: string, conversationId: string) {
    const conversation = await this.routing.claim(conversationId, await this.agent(agentId));
    return { ok: true as const, conversationId: conversation.id };
  }

  async reply(agentId: string, conversationId: string, clientMessageId: string, text: string, attachmentIds: string[] = []) {
    const agent = await this.agent(agentId);
    const conversation = await this.routing.heldBy(conversationId, agent);
    const attachments = await this.attachments.forMessage(conversationId, attachmentIds);
    if (!text.trim() && attachments.length === 0) throw new DomainError('VALIDATION_FAILED', 'A reply needs text or a photo', { fields: ['text must not be blank'] });
    const { message } = await this.messenger.post(conversation, { role: 'agent', text, clientMessageId: `agent:${agent.id}:${clientMessageId}`, agentId: agent.id, details: { agentName: agent.name, ...(attachments.length ? { attachments } : {}) } });
    return { id: message.id, seq: message.seq };
  }

  async typing(agentId: string, conversationId: string) {
    const agent = await this.agent(agentId);
    await this.routing.heldBy(conversationId, agent);
    this.messenger.typing(conversationId, agent.name);
    return { ok: true as const };
  }

  /** A photo for a chat this agent holds; its id then goes in a reply's attachmentIds. */
  async upload(agentId: string, conversationId: string, bytes: Buffer | undefined) {
    const agent = await this.agent(agentId);
    await this.routing.heldBy(conversationId, agent);
    const attachment = await this.attachments.upload(conversationId, bytes, `agent:${agent.id}`);
    return { attachment: { ...attachment, url: attachmentUrl(conversationId, attachment.id, 'agent') } };
  }

  /** Internal: stored apart from messages, never sent to the customer. */
  async note(agentId: string, conversationId: string, text: string) {
    const agent = await this.agent(agentId);
    if (!(await this.conversations.find(conversationId))) throw new DomainError('NOT_FOUND', 'No such conversation');
    const note = await this.conversations.addNote(conversationId, agent.id, text);
    return { ok: true as const, id: note.id };
  }

  /** The note, if any, is stored before the chat moves, so whoever takes it reads it with the transcript. */
  async transfer(agentId: string, conversationId: string, target: { agentId?: string; group?: string; note?: string }) {
    if (!target.agentId && !target.group) throw new DomainError('VALIDATION_FAILED', 'Name an agentId or a group to transfer to', { fields: ['agentId or group is required'] });
    const agent = await this.agent(agentId);
    const note = target.note?.trim();
    if (note) {
      await this.routing.heldBy(conversationId, agent);
      await this.conversations.addNote(conversationId, agent.id, note);
    }
    await this.routing.transfer(conversationId, agent, { agentId: target.agentId, group: target.group });
    return { ok: true as const };
  }

  async close(agentId: string, conversationId: string, resolution?: string) {
    await this.routing.close(conversationId, await this.agent(agentId), resolution);
    return { ok: true as const };
  }

  async mine(agentId: string) {
    return (await this.conversations.assignedTo(agentId)).map((conversation) => ({ conversationId: conversation.id, summary: conversation.summary, language: conversation.lang }));
  }

  /** Transcript, summary, notes and history of a conversation, for the console. */
  async detail(agentId: string, conversationId: string) {
    await this.agent(agentId);
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND', 'No such conversation');
    const [messages, notes, events, earlier] = await Promise.all([
      this.conversations.recentMessages(conversationId, 500),
      this.conversations.notes(conversationId),
      this.conversations.events(conversationId),
      conversation.customerId ? this.conversations.ofCustomer(conversation.customerId, conversationId, 20) : Promise.resolve([]),
    ]);
    return {
      conversationId,
      state: conversation.state,
      agentId: conversation.agentId,
      language: conversation.lang,
      summary: conversation.summary,
      csat: conversation.csatScore,
      // a customer the shop identified through the widget: their other conversations
      customer: { id: conversation.customerId, earlierConversations: earlier.map((other) => ({ conversationId: other.id, state: other.state, createdAt: other.createdAt.toISOString(), resolution: other.resolution })) },
      transcript: messages.map((message) => toMessageView(message, true)),
      notes: notes.map((note) => ({ id: note.id, text: note.text, agentName: note.agent.name, createdAt: note.createdAt.toISOString() })),
      events: events.map((event) => ({ from: event.fromState, to: event.toState, reason: event.reason, actor: event.actor, at: event.createdAt.toISOString() })),
    };
  }

  /** Suggested knowledge for the chat at hand: FAQ answers and passages an agent can paste. */
  async suggestKnowledge(query: string, lang: Lang = 'zh') {
    const hits = await this.search.search(query, { limit: 5 });
    return hits.map((hit) => {
      const content = hit.entry.content as { answers?: Partial<Record<Lang, string>>; text?: string };
      return { id: hit.entry.id, kind: hit.entry.kind, title: hit.entry.title, path: hit.entry.filePath, text: content.answers?.[lang] ?? content.answers?.zh ?? content.answers?.en ?? content.text ?? '' };
    });
  }

  /** Knowledge for the customer's last message in this chat, in the chat's language. */
  async suggestForConversation(agentId: string, conversationId: string) {
    await this.agent(agentId);
    const conversation = await this.conversations.find(conversationId);
    if (!conversation) throw new DomainError('NOT_FOUND', 'No such conversation');
    const question = (await this.conversations.recentMessages(conversationId, 50)).filter((message) => message.role === 'customer').at(-1)?.text;
    return { question: question ?? null, items: question ? await this.suggestKnowledge(question.slice(0, 500), conversation.lang ?? 'zh') : [] };
  }

  cannedReplies(query: string | undefined, lang: Lang | undefined) {
    return this.canned.search(query, lang);
  }

  /** What the console needs besides the queue: colleagues to transfer to, skill groups, the waiting-time target. */
  async desk() {
    const [agents, counts, settings] = await Promise.all([this.agents.list(), this.conversations.assignedCounts(), this.botSettings.current()]);
    return {
      queueSlaSeconds: this.config.queueSlaSeconds,
      chatIdleMinutes: this.config.chatIdleMs / 60_000,
      skillGroups: (settings.skillGroups ?? []).map((group) => ({ id: group.id, name: group.name })),
      colleagues: agents.filter((agent) => !agent.disabled).map((agent) => ({ id: agent.id, name: agent.name, presence: agent.presence, skills: agent.skills, chats: counts.get(agent.id) ?? 0, maxChats: agent.maxChats })),
    };
  }

  async suggestFaq(agentId: string, conversationId: string, suggestion: { question: string; answer: string; tags?: string[] }) {
    await this.agent(agentId);
    if (!(await this.conversations.find(conversationId))) throw new DomainError('NOT_FOUND', 'No such conversation');
    const created = await this.conversations.createFaqSuggestion({ conversationId, agentId, question: suggestion.question, answer: suggestion.answer, tags: suggestion.tags ?? [] });
    return { ok: true as const, id: created.id };
  }
}
