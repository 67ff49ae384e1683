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

  /** Agents with a socket on this instance (whose presence leases this instance renews). */
  localAgentIds(): string[] {
    if (!this.agents) return [];
    const ids = new Set<string>();
    for (const socket of this.agents.sockets.values()) {
      const agentId = (socket.data as { agentId?: string }).agentId;
      if (agentId && socket.connected) ids.add(agentId);
    }
    return [...ids];
  }

  /** Sockets connected to this instance, by namespace (for metrics). */
  localSocketCounts(): { customer: number; agent: number } {
    return { customer: this.customers?.sockets.size ?? 0, agent: this.agents?.sockets.size ?? 0 };
  }

  /**
   * Shutting down: closes this instance's socket connections at the transport, which Socket.IO clients take as a
   * dropped connection and reconnect — through the load balancer, to another instance — and resume.
   */
  dropConnections(): void {
    for (const namespace of [this.customers, this.agents]) {
      for (const socket of namespace?.sockets.values() ?? []) socket.conn.close();
    }
  }
}
