import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import { sql } from '../database/sql-tag';

/** agent: takes chats; admin: everything; content: the knowledge pages; supervisor: analytics and every chat, read-only */
export const AGENT_ROLES = ['agent', 'admin', 'content', 'supervisor'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];
export const AGENT_PRESENCES = ['online', 'away', 'offline'] as const;
export type AgentPresence = (typeof AGENT_PRESENCES)[number];

/** An agent account as the rest of the app sees it. The password hash is deliberately not part of it. */
export interface AgentRecord {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  skills: string[];
  maxChats: number;
  disabled: boolean;
  presence: AgentPresence;
  presenceAt: Date;
  createdAt: Date;
  /** tokens carry it; raising it revokes every token issued before */
  tokenVersion: number;
}

export interface NewAgent {
  email: string;
  name: string;
  passwordHash: string;
  role: AgentRole;
  skills: string[];
  maxChats: number;
}

export interface AgentChanges {
  name?: string;
  passwordHash?: string;
  role?: AgentRole;
  skills?: string[];
  maxChats?: number;
  disabled?: boolean;
  /** raise the token version: every token issued so far stops working */
  revokeTokens?: boolean;
}

interface AgentRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: string;
  skills: string[];
  maxChats: number;
  disabled: boolean;
  presence: string;
  presenceAt: Date;
  createdAt: Date;
  tokenVersion: number;
}

/** Emails are compared case-insensitively: stored and looked up trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Agent accounts and their presence in PostgreSQL; the only code that touches the `agent` table. */
@Injectable()
export class AgentsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  async findById(id: string): Promise<AgentRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.prisma.agent.findUnique({ where: { id } });
    return row ? toRecord(row) : undefined;
  }

  async findByEmail(email: string): Promise<AgentRecord | undefined> {
    const row = await this.prisma.agent.findUnique({ where: { email: normalizeEmail(email) } });
    return row ? toRecord(row) : undefined;
  }

  /** For login only: the account with its password hash. */
  async findCredentialsByEmail(email: string): Promise<{ agent: AgentRecord; passwordHash: string } | undefined> {
    const row = await this.prisma.agent.findUnique({ where: { email: normalizeEmail(email) } });
    return row ? { agent: toRecord(row), passwordHash: row.passwordHash } : undefined;
  }

  async list(): Promise<AgentRecord[]> {
    const rows = await this.prisma.agent.findMany({ orderBy: [{ createdAt: 'asc' }, { email: 'asc' }] });
    return rows.map(toRecord);
  }

  /** Throws CONFLICT when the email is taken. */
  async create(agent: NewAgent): Promise<AgentRecord> {
    try {
      const row = await this.prisma.agent.create({ data: { ...agent, email: normalizeEmail(agent.email) } });
      return toRecord(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `An agent with the email ${normalizeEmail(agent.email)} already exists`);
      throw error;
    }
  }

  /** undefined when there is no such agent. */
  async update(id: string, changes: AgentChanges): Promise<AgentRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    try {
      const { revokeTokens, ...fields } = changes;
      const row = await this.prisma.agent.update({ where: { id }, data: { ...fields, ...(revokeTokens ? { tokenVersion: { increment: 1 } } : {}) } });
      return toRecord(row);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Records the agent's presence and when it changed; undefined when there is no such agent. */
  async setPresence(id: string, presence: AgentPresence): Promise<AgentRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    try {
      const row = await this.prisma.agent.update({ where: { id }, data: { presence, presenceAt: new Date() } });
      return toRecord(row);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Enabled agents with this presence, longest in it first (e.g. who is online to take a chat). Online and away
   * need a live presence lease too: an agent whose instance stopped renewing it is gone, whatever the column says.
   */
  async listByPresence(presence: AgentPresence): Promise<AgentRecord[]> {
    // raw SQL: routing reads this on every escalation and dispatch, where a model query costs the client far more
    return this.database.rows<AgentRow[]>(sql`
      SELECT id, email, name, password_hash AS "passwordHash", role, skills, max_chats AS "maxChats", disabled, presence,
        presence_at AS "presenceAt", created_at AS "createdAt", token_version AS "tokenVersion"
      FROM agent
      WHERE presence = ${presence} AND NOT disabled
        AND (${presence === 'offline'}::boolean OR EXISTS (SELECT 1 FROM agent_presence_lease lease WHERE lease.agent_id = agent.id AND lease.expires_at > now()))
      ORDER BY presence_at, email`).then((rows) => rows.map(toRecord));
  }

  /** Whether any enabled agent is online with a live lease (`listByPresence('online')` is not empty). */
  async anyOnline(): Promise<boolean> {
    const [row] = await this.database.rows<Array<{ online: boolean }>>(sql`
      SELECT EXISTS (
        SELECT 1 FROM agent JOIN agent_presence_lease lease ON lease.agent_id = agent.id
        WHERE agent.presence = 'online' AND NOT agent.disabled AND lease.expires_at > now()
      ) AS online`);
    return row?.online === true;
  }

  /** This instance holds sockets of these agents: their leases run `ttlMs` from now (the database's clock). */
  async renewPresenceLeases(instanceId: string, agentIds: string[], ttlMs: number): Promise<void> {
    const ids = agentIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return;
    await this.prisma.$executeRaw`
      INSERT INTO agent_presence_lease (agent_id, instance_id, expires_at)
      SELECT agent.id, ${instanceId}, now() + ${ttlMs}::integer * interval '1 millisecond' FROM agent WHERE agent.id = ANY(${ids}::uuid[])
      ON CONFLICT (agent_id, instance_id) DO UPDATE SET expires_at = EXCLUDED.expires_at`;
  }

  /** The agent's last socket on this instance closed; true while another instance still holds one of theirs. */
  async releasePresenceLease(agentId: string, instanceId: string): Promise<boolean> {
    if (!UUID.test(agentId)) return false;
    await this.prisma.agentPresenceLease.deleteMany({ where: { agentId, instanceId } });
    return (await this.prisma.agentPresenceLease.count({ where: { agentId, expiresAt: { gt: new Date() } } })) > 0;
  }

  /** An instance shutting down gives up every lease it holds (its agents reconnect elsewhere). */
  async releaseInstancePresence(instanceId: string): Promise<void> {
    await this.prisma.agentPresenceLease.deleteMany({ where: { instanceId } });
  }

  /**
   * Agents shown online or away without a live lease go offline, as of when their last lease ran out (or now if
   * none is left): that is when their grace period starts. Returns who went offline. Running twice does nothing more.
   */
  async expirePresence(): Promise<string[]> {
    const rows = await this.database.rows<Array<{ id: string }>>(sql`
      UPDATE agent SET presence = 'offline',
        presence_at = coalesce((SELECT max(lease.expires_at) FROM agent_presence_lease lease WHERE lease.agent_id = agent.id), now())
      WHERE presence <> 'offline'
        AND NOT EXISTS (SELECT 1 FROM agent_presence_lease lease WHERE lease.agent_id = agent.id AND lease.expires_at > now())
      RETURNING id`);
    await this.prisma.$executeRaw`DELETE FROM agent_presence_lease WHERE expires_at <= now() - interval '1 minute'`;
    return rows.map((row) => row.id);
  }

  async countActiveAdmins(): Promise<number> {
    return this.prisma.agent.count({ where: { role: 'admin', disabled: false } });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as AgentRole,
    skills: row.skills,
    maxChats: row.maxChats,
    disabled: row.disabled,
    presence: row.presence as AgentPresence,
    presenceAt: row.presenceAt,
    createdAt: row.createdAt,
    tokenVersion: row.tokenVersion,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2025';
}
