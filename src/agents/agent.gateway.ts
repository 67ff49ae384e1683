import { Logger, UseFilters, UsePipes } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DomainError } from '../common/domain-error';
import { OriginPolicy } from '../common/security/origins';
import { toWsError, WsExceptionFilter, wsValidationPipe } from '../common/ws-exception.filter';
import { toMessageView } from '../conversations/conversation.types';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { RealtimeService } from '../realtime/realtime.service';
import { AgentDeskService } from './agent-desk.service';
import { AgentAuthService } from './auth/agent-auth.service';
import { AgentReplyDto, CloseDto, ConversationRefDto, NoteDto, PresenceDto, TransferDto } from './dto/agent-desk.dto';

type AckFn = (response: unknown) => void;

/** `/agent` (DESIGN §4): authenticated in the handshake; each socket joins `agent:<id>` and `agents`. */
@WebSocketGateway({ namespace: '/agent', cors: { origin: true }, maxHttpBufferSize: 64 * 1024 })
@UseFilters(WsExceptionFilter)
@UsePipes(wsValidationPipe)
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AgentGateway.name);

  constructor(
    private readonly auth: AgentAuthService,
    private readonly desk: AgentDeskService,
    private readonly conversations: ConversationsRepository,
    private readonly realtime: RealtimeService,
    private readonly origins: OriginPolicy,
  ) {}

  afterInit(namespace: Namespace): void {
    this.origins.guard(namespace, 'agent');
    this.realtime.attach('agent', namespace);
  }

  async handleConnection(socket: Socket): Promise<void> {
    try {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) throw new DomainError('UNAUTHORIZED', 'Missing agent token (handshake auth: { token })');
      const agent = await this.auth.verify(token);
      socket.data.agentId = agent.id;
      await socket.join([`agent:${agent.id}`, 'agents']);
      // chats this agent holds come back after a reconnect, so the console can restore them
      for (const conversation of await this.conversations.assignedTo(agent.id)) {
        const transcript = await this.conversations.recentMessages(conversation.id, 200);
        socket.emit('conversation:assigned', { conversationId: conversation.id, summary: conversation.summary, transcript: transcript.map((message) => toMessageView(message, true)), customer: { language: conversation.lang } });
      }
      socket.emit('queue', { items: await this.desk.queue() });
      await this.desk.setPresence(agent.id, 'online');
    } catch (error) {
      socket.emit('error', toWsError(error).error);
      socket.disconnect(true);
    }
  }

  /** The last socket of an agent gone: offline from now; after the grace period their chats go back to the queue. */
  async handleDisconnect(socket: Socket): Promise<void> {
    const agentId = socket.data.agentId as string | undefined;
    if (!agentId) return;
    try {
      if ((await this.realtime.agentSocketCount(agentId)) === 0) await this.desk.setPresence(agentId, 'offline');
    } catch (error) {
      // during shutdown the database may already be closed; presence is swept again on the next start
      this.logger.warn(`Could not record agent ${agentId} going offline: ${(error as Error).message}`);
    }
  }

  @SubscribeMessage('claim')
  claim(@ConnectedSocket() socket: Socket, @MessageBody() body: ConversationRefDto) {
    return this.desk.claim(this.agentOf(socket), body.conversationId);
  }

  @SubscribeMessage('reply')
  async reply(@ConnectedSocket() socket: Socket, @MessageBody() body: AgentReplyDto, @Ack() ack: AckFn): Promise<void> {
    ack?.(await this.desk.reply(this.agentOf(socket), body.conversationId, body.clientMessageId, body.text));
  }

  @SubscribeMessage('note')
  note(@ConnectedSocket() socket: Socket, @MessageBody() body: NoteDto) {
    return this.desk.note(this.agentOf(socket), body.conversationId, body.text);
  }

  @SubscribeMessage('transfer')
  transfer(@ConnectedSocket() socket: Socket, @MessageBody() body: TransferDto) {
    return this.desk.transfer(this.agentOf(socket), body.conversationId, { agentId: body.agentId, group: body.group });
  }

  @SubscribeMessage('close')
  close(@ConnectedSocket() socket: Socket, @MessageBody() body: CloseDto) {
    return this.desk.close(this.agentOf(socket), body.conversationId, body.resolution);
  }

  @SubscribeMessage('presence')
  async presence(@ConnectedSocket() socket: Socket, @MessageBody() body: PresenceDto) {
    await this.desk.setPresence(this.agentOf(socket), body.status);
    return { ok: true };
  }

  private agentOf(socket: Socket): string {
    const id = socket.data.agentId as string | undefined;
    if (!id) throw new DomainError('UNAUTHORIZED', 'Not signed in');
    return id;
  }
}
