import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';

export const AGENT_ROLES = ['agent', 'admin'] as const;
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

  /** Enabled agents with this presence, longest in it first (e.g. who is online to take a chat). */
  async listByPresence(presence: AgentPresence): Promise<AgentRecord[]> {
    const rows = await this.prisma.agent.findMany({ where: { presence, disabled: false }, orderBy: [{ presenceAt: 'asc' }, { email: 'asc' }] });
    return rows.map(toRecord);
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
