import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AgentChanges, AgentRecord, AgentRole, AgentsRepository, normalizeEmail } from './agents.repository';
import { AgentAuthService } from './auth/agent-auth.service';
import { hashPassword } from './auth/password';

export interface CreateAgentInput {
  email: string;
  name: string;
  password: string;
  role?: AgentRole;
  skills?: string[];
  maxChats?: number;
}

export interface UpdateAgentInput {
  name?: string;
  password?: string;
  role?: AgentRole;
  skills?: string[];
  maxChats?: number;
  disabled?: boolean;
}

const DEFAULT_MAX_CHATS = 5;

/** Managing agent accounts (admin API and CLI), and seeding the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
@Injectable()
export class AgentAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AgentAccountsService.name);

  constructor(
    private readonly agents: AgentsRepository,
    private readonly auth: AgentAuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seedAdmin();
  }

  /** Creates the configured admin unless an agent with that email exists (whose password is then left alone). */
  async seedAdmin(): Promise<AgentRecord | undefined> {
    const admin = this.config.admin;
    if (!admin || (await this.agents.findByEmail(admin.email))) return undefined;
    try {
      const created = await this.create({ email: admin.email, name: 'Admin', password: admin.password, role: 'admin' });
      this.logger.log(`Created the admin agent ${created.email} (ADMIN_EMAIL)`);
      return created;
    } catch (error) {
      // another instance sharing the database seeded it first
      if (error instanceof DomainError && error.code === 'CONFLICT') return undefined;
      throw error;
    }
  }

  list(): Promise<AgentRecord[]> {
    return this.agents.list();
  }

  /** CONFLICT when the email is taken. */
  async create(input: CreateAgentInput): Promise<AgentRecord> {
    return this.agents.create({
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role ?? 'agent',
      skills: [...new Set(input.skills ?? [])],
      maxChats: input.maxChats ?? DEFAULT_MAX_CHATS,
    });
  }

  /** NOT_FOUND for an unknown id; CONFLICT when it would leave no enabled admin. Applies at once to the agent's tokens. */
  async update(id: string, input: UpdateAgentInput): Promise<AgentRecord> {
    // an optional field may be left out, not emptied: every column it names is NOT NULL
    const nulls = Object.entries(input).filter(([, value]) => value === null).map(([field]) => `${field} must not be null`);
    if (nulls.length > 0) throw new DomainError('VALIDATION_FAILED', nulls.join('; '), { fields: nulls });
    const current = await this.agents.findById(id);
    if (!current) throw new DomainError('NOT_FOUND', `No agent with id ${id}`);
    const stillActiveAdmin = (input.role ?? current.role) === 'admin' && !(input.disabled ?? current.disabled);
    if (isActiveAdmin(current) && !stillActiveAdmin && (await this.agents.countActiveAdmins()) <= 1) {
      throw new DomainError('CONFLICT', `${current.email} is the only enabled admin; make another agent admin first`);
    }
    const changes: AgentChanges = {
      name: input.name?.trim(),
      passwordHash: input.password === undefined ? undefined : await hashPassword(input.password),
      role: input.role,
      skills: input.skills && [...new Set(input.skills)],
      maxChats: input.maxChats,
      disabled: input.disabled,
      revokeTokens: input.password !== undefined,
    };
    const updated = await this.agents.update(id, changes);
    this.auth.forget(id);
    if (!updated) throw new DomainError('NOT_FOUND', `No agent with id ${id}`);
    if (changes.revokeTokens || updated.disabled) this.auth.disconnect(id);
    return updated;
  }

  /** Disables or re-enables the agent with this email (the CLI's disable / enable). NOT_FOUND for an unknown email. */
  async setDisabled(email: string, disabled: boolean): Promise<AgentRecord> {
    const agent = await this.agents.findByEmail(email);
    if (!agent) throw new DomainError('NOT_FOUND', `No agent with the email ${normalizeEmail(email)}`);
    return this.update(agent.id, { disabled });
  }
}

function isActiveAdmin(agent: AgentRecord): boolean {
  return agent.role === 'admin' && !agent.disabled;
}
