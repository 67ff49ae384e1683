import { UseFilters, UseGuards, UseInterceptors, UsePipes } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DomainError } from '../common/domain-error';
import { OriginPolicy } from '../common/security/origins';
import { SocketRateLimitGuard } from '../common/security/socket-rate-limit.guard';
import { toWsError, WsExceptionFilter, wsValidationPipe } from '../common/ws-exception.filter';
import { SocketLoggingInterceptor } from '../logging/request-logging';
import { SocketMetricsInterceptor } from '../metrics/request-metrics';
import { RealtimeService } from '../realtime/realtime.service';
import { CUSTOMER_CLIENT_EVENT_NAMES, SOCKET_MAX_FRAME_BYTES } from '../realtime/socket-events';
import { screenPackets } from '../realtime/socket-packets';
import { ConversationsService } from './conversations.service';
import { FeedbackDto, LeaveMessageDto, RateConversationDto, ResumeDto, SendMessageDto } from './dto/conversation.dto';

type AckFn = (response: unknown) => void;

interface CustomerSocketData {
  conversationId: string;
  token: string;
  /** the conversation's row exists (see ConversationsService.open) */
  stored?: boolean;
  /** the shop's verified customer (handshake userId + userHash) */
  customerId?: string;
}

/** `/customer` (DESIGN §4): one socket per customer device, in the room of its conversation. */
@WebSocketGateway({ namespace: '/customer', cors: { origin: true }, maxHttpBufferSize: SOCKET_MAX_FRAME_BYTES })
@UseFilters(WsExceptionFilter)
@UsePipes(wsValidationPipe)
@UseGuards(SocketRateLimitGuard)
@UseInterceptors(SocketLoggingInterceptor, SocketMetricsInterceptor)
export class CustomerGateway implements OnGatewayInit, OnGatewayConnection {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly realtime: RealtimeService,
    private readonly origins: OriginPolicy,
  ) {}

  afterInit(namespace: Namespace): void {
    this.origins.guard(namespace, 'customer');
    this.realtime.attach('customer', namespace);
  }

  /**
   * Binds the socket to its conversation (resumed with its token, or newly reserved) and sends `session`; events the
   * client sends meanwhile wait for it and then run in the order they came.
   */
  handleConnection(socket: Socket): Promise<void> {
    const data = socket.data as CustomerSocketData;
    const bound = this.conversations.session(socket.handshake.auth ?? {}).then(async ({ session, stored }) => {
      Object.assign(data, { conversationId: session.conversationId, token: session.token, customerId: session.customerId, stored });
      await socket.join(`conversation:${session.conversationId}`);
      socket.emit('session', session);
    });
    screenPackets(socket, CUSTOMER_CLIENT_EVENT_NAMES, bound);
    return bound.catch((error: unknown) => {
      socket.emit('error', toWsError(error).error);
      socket.disconnect(true);
    });
  }

  @SubscribeMessage('message')
  async message(@ConnectedSocket() socket: Socket, @MessageBody() body: SendMessageDto, @Ack() ack: AckFn): Promise<void> {
    // a conversation not stored yet: this is the customer's first message
    if (!(socket.data as CustomerSocketData).stored) this.conversations.noticeIfBehind(this.conversationOf(socket), body.text ?? '');
    await this.conversations.postCustomerMessage(await this.started(socket), body.clientMessageId, body.text ?? '', (message) => ack?.({ id: message.id, seq: message.seq }), body.attachmentIds);
  }

  @SubscribeMessage('resume')
  async resume(@ConnectedSocket() socket: Socket, @MessageBody() body: ResumeDto): Promise<{ ok: true; count: number }> {
    const messages = await this.conversations.messages(this.conversationOf(socket), body.lastSeq);
    for (const message of messages) socket.emit('message', message);
    return { ok: true, count: messages.length };
  }

  @SubscribeMessage('handoff')
  async handoff(@ConnectedSocket() socket: Socket) {
    return { ok: true, status: await this.conversations.requestHuman(await this.started(socket)) };
  }

  @SubscribeMessage('feedback')
  async feedback(@ConnectedSocket() socket: Socket, @MessageBody() body: FeedbackDto) {
    return { ok: true, status: await this.conversations.feedback(this.conversationOf(socket), body.messageId, body.value) };
  }

  @SubscribeMessage('rate')
  async rate(@ConnectedSocket() socket: Socket, @MessageBody() body: RateConversationDto) {
    await this.conversations.rate(this.conversationOf(socket), body.score, body.comment);
    return { ok: true };
  }

  @SubscribeMessage('leave_message')
  async leaveMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: LeaveMessageDto) {
    const { ticketId } = await this.conversations.leaveMessage(await this.started(socket), body);
    return { ok: true, ticketId };
  }

  /** End the chat (with the bot or an agent), or leave the queue. */
  @SubscribeMessage('end')
  async end(@ConnectedSocket() socket: Socket) {
    return { ok: true, status: await this.conversations.end(this.conversationOf(socket)) };
  }

  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: Socket): Promise<{ ok: true }> {
    await this.conversations.typing(this.conversationOf(socket));
    return { ok: true };
  }

  /** A signed-in customer's earlier conversations (empty for anonymous chats). */
  @SubscribeMessage('history')
  async history(@ConnectedSocket() socket: Socket) {
    const data = socket.data as CustomerSocketData;
    return { conversations: data.customerId ? await this.conversations.history(data.customerId, this.conversationOf(socket)) : [] };
  }

  /** The socket's conversation, stored first if it was only reserved: the customer is starting it. */
  private async started(socket: Socket): Promise<string> {
    const data = socket.data as CustomerSocketData;
    const id = this.conversationOf(socket);
    if (!data.stored) {
      await this.conversations.open(id, data.token, data.customerId);
      data.stored = true;
    }
    return id;
  }

  private conversationOf(socket: Socket): string {
    const id = (socket.data as CustomerSocketData).conversationId;
    if (!id) throw new DomainError('UNAUTHORIZED', 'No conversation on this socket');
    return id;
  }
}
