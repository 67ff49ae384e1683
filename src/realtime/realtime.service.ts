import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { AgentEventName, AgentServerEvents, CustomerEventName, CustomerServerEvents, PayloadOf } from './socket-events';

/**
 * Where services send events without knowing about sockets: rooms `conversation:<id>` (every device of a customer)
 * and `agent:<id>` / `agents` on the agent side. With REDIS_URL the Socket.IO Redis adapter carries them to
 * whichever instance holds the socket.
 */
@Injectable()
export class RealtimeService {
  private customers?: Namespace;
  private agents?: Namespace;

  attach(kind: 'customer' | 'agent', namespace: Namespace): void {
    if (kind === 'customer') this.customers = namespace;
    else this.agents = namespace;
  }

  toConversation<E extends CustomerEventName>(conversationId: string, event: E, payload: PayloadOf<CustomerServerEvents, E>): void {
    this.customers?.to(`conversation:${conversationId}`).emit(event, payload);
  }

  toAgent<E extends AgentEventName>(agentId: string, event: E, payload: PayloadOf<AgentServerEvents, E>): void {
    this.agents?.to(`agent:${agentId}`).emit(event, payload);
  }

  toAllAgents<E extends AgentEventName>(event: E, payload: PayloadOf<AgentServerEvents, E>): void {
    this.agents?.to('agents').emit(event, payload);
  }

  /** Closes every socket of an agent, on any instance (tokens revoked, account disabled). */
  disconnectAgent(agentId: string): void {
    this.agents?.in(`agent:${agentId}`).disconnectSockets(true);
  }

  /** Open sockets of an agent on any instance. */
  async agentSocketCount(agentId: string): Promise<number> {
    if (!this.agents) return 0;
    return (await this.agents.in(`agent:${agentId}`).fetchSockets()).length;
  }
}
