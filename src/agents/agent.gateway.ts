import { Logger, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DomainError } from '../common/domain-error';
import { OriginPolicy } from '../common/security/origins';
import { toWsError, WsExceptionFilter, wsValidationPipe } from '../common/ws-exception.filter';
import { SocketLoggingInterceptor } from '../logging/request-logging';
import { SocketMetricsInterceptor } from '../metrics/request-metrics';
import { RealtimeService } from '../realtime/realtime.service';
import { AGENT_CLIENT_EVENT_NAMES, SOCKET_MAX_FRAME_BYTES } from '../realtime/socket-events';
import { screenPackets } from '../realtime/socket-packets';
import { AgentDeskService } from './agent-desk.service';
import { AgentAuthService } from './auth/agent-auth.service';
import { DESK_ROLES } from './auth/roles';
import { AgentReplyDto, CloseDto, ConversationRefDto, NoteDto, PresenceDto, TransferDto } from './dto/agent-desk.dto';

type AckFn = (response: unknown) => void;

/** `/agent` (DESIGN §4): authenticated in the handshake; each socket joins `agent:<id>` and `agents`. */
@WebSocketGateway({ namespace: '/agent', cors: { origin: true }, maxHttpBufferSize: SOCKET_MAX_FRAME_BYTES })
@UseFilters(WsExceptionFilter)
@UsePipes(wsValidationPipe)
@UseInterceptors(SocketLoggingInterceptor, SocketMetricsInterceptor)
export class AgentGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AgentGateway.name);

  constructor(
    private readonly auth: AgentAuthService,
    private readonly desk: AgentDeskService,
    private readonly realtime: RealtimeService,
    private readonly origins: OriginPolicy,
  ) {}

  afterInit(namespace: Namespace): void {
    this.origins.guard(namespace, 'agent');
    this.realtime.attach('agent', namespace);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const authenticated = this.authenticate(socket);
    // events sent before the handshake token is verified wait for it, in order
    screenPackets(socket, AGENT_CLIENT_EVENT_NAMES, authenticated);
    try {
      const agent = await authenticated;
      // online before the console hears anything, so that a presence it sends at once is not overwritten
      await this.desk.connected(agent.id);
      // chats this agent holds come back after a reconnect, so the console can restore them
      const { held, queue } = await this.desk.session(agent.id);
      for (const event of held) socket.emit('conversation:assigned', event);
      socket.emit('queue', { items: queue });
      await this.desk.dispatch();
    } catch (error) {
      socket.emit('error', toWsError(error).error);
      socket.disconnect(true);
    }
  }

  private async authenticate(socket: Socket): Promise<{ id: string }> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) throw new DomainError('UNAUTHORIZED', 'Missing agent token (handshake auth: { token })');
    const agent = await this.auth.verify(token);
    if (!DESK_ROLES.includes(agent.role)) throw new DomainError('FORBIDDEN', 'This account does not take chats');
    socket.data.agentId = agent.id;
    await socket.join([`agent:${agent.id}`, 'agents']);
    return agent;
  }

  /** The last socket of an agent gone: offline from now; after the grace period their chats go back to the queue. */
  async handleDisconnect(socket: Socket): Promise<void> {
    const agentId = socket.data.agentId as string | undefined;
    if (!agentId) return;
    try {
      await this.desk.disconnected(agentId);
    } catch (error) {
      // during shutdown the database may already be closed; the presence lease runs out by itself
      this.logger.warn(`Could not record agent ${agentId} going offline: ${(error as Error).message}`);
    }
  }

  @SubscribeMessage('claim')
  claim(@ConnectedSocket() socket: Socket, @MessageBody() body: ConversationRefDto) {
    return this.desk.claim(this.agentOf(socket), body.conversationId);
  }

  @SubscribeMessage('reply')
  async reply(@ConnectedSocket() socket: Socket, @MessageBody() body: AgentReplyDto, @Ack() ack: AckFn): Promise<void> {
    ack?.(await this.desk.reply(this.agentOf(socket), body.conversationId, body.clientMessageId, body.text ?? '', body.attachmentIds));
  }

  @SubscribeMessage('note')
  note(@ConnectedSocket() socket: Socket, @MessageBody() body: NoteDto) {
    return this.desk.note(this.agentOf(socket), body.conversationId, body.text);
  }

  @SubscribeMessage('transfer')
  transfer(@ConnectedSocket() socket: Socket, @MessageBody() body: TransferDto) {
    return this.desk.transfer(this.agentOf(socket), body.conversationId, { agentId: body.agentId, group: body.group, note: body.note });
  }

  @SubscribeMessage('close')
  close(@ConnectedSocket() socket: Socket, @MessageBody() body: CloseDto) {
    return this.desk.close(this.agentOf(socket), body.conversationId, body.resolution);
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() body: ConversationRefDto) {
    return this.desk.typing(this.agentOf(socket), body.conversationId);
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
