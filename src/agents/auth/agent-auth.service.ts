import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AgentRecord, AgentsRepository } from '../agents.repository';
import { AgentTokenPayload, AuthenticatedAgent, toAuthenticatedAgent } from './authenticated-agent';
import { UNMATCHABLE_HASH, verifyPassword } from './password';

export const TOKEN_TTL = '12h';
/** how long "this agent exists and is enabled" is trusted before verify asks the database again */
const ACCOUNT_CHECK_TTL_MS = 5_000;
const ACCOUNT_CACHE_LIMIT = 10_000;

export interface LoginResult {
  token: string;
  agent: AuthenticatedAgent;
}

// without JWT_SECRET (never in production: config refuses) one random key per process
let processSecret: string | undefined;

/**
 * Agent sign-in and token checks, for HTTP (the guards) and the /agent Socket.IO gateway (verify in
 * handleConnection). Tokens are HS256 JWTs, valid 12 h, carrying `{ sub: agentId, role, name }`; verify also
 * checks that the account still exists and is enabled, and takes the role from it (cached ≤ 5 s).
 */
@Injectable()
export class AgentAuthService {
  private readonly logger = new Logger(AgentAuthService.name);
  private readonly accounts = new Map<string, { agent?: AgentRecord; until: number }>();

  constructor(
    private readonly agents: AgentsRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One error for an unknown email, a wrong password and a disabled account, taking the same time. */
  async login(email: string, password: string): Promise<LoginResult> {
    const found = await this.agents.findCredentialsByEmail(email);
    const matches = await verifyPassword(password, found?.passwordHash ?? UNMATCHABLE_HASH);
    if (!found || !matches || found.agent.disabled) {
      throw new DomainError('UNAUTHORIZED', 'Invalid email or password');
    }
    this.remember(found.agent);
    return { token: await this.sign(found.agent), agent: toAuthenticatedAgent(found.agent) };
  }

  /** The agent a token belongs to; UNAUTHORIZED when it is malformed, tampered with, expired, or the account is gone or disabled. */
  async verify(token: string): Promise<AuthenticatedAgent> {
    let payload: Partial<AgentTokenPayload>;
    try {
      payload = await this.jwt.verifyAsync<AgentTokenPayload>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    if (typeof payload?.sub !== 'string') throw invalidToken();
    const agent = await this.account(payload.sub);
    if (!agent || agent.disabled) throw invalidToken();
    return toAuthenticatedAgent(agent);
  }

  /** Drops the cached account check, so a change (disabled, new role) applies at once in this process. */
  forget(agentId: string): void {
    this.accounts.delete(agentId);
  }

  private sign(agent: AgentRecord): Promise<string> {
    const payload: AgentTokenPayload = { sub: agent.id, role: agent.role, name: agent.name };
    return this.jwt.signAsync(payload, { secret: this.secret, algorithm: 'HS256', expiresIn: TOKEN_TTL });
  }

  private async account(id: string): Promise<AgentRecord | undefined> {
    const cached = this.accounts.get(id);
    if (cached && cached.until > Date.now()) return cached.agent;
    const agent = await this.agents.findById(id);
    this.remember(agent, id);
    return agent;
  }

  private remember(agent: AgentRecord | undefined, id = agent?.id): void {
    if (!id) return;
    const now = Date.now();
    if (this.accounts.size >= ACCOUNT_CACHE_LIMIT) {
      for (const [key, entry] of this.accounts) if (entry.until <= now) this.accounts.delete(key);
      if (this.accounts.size >= ACCOUNT_CACHE_LIMIT) this.accounts.clear();
    }
    this.accounts.set(id, { agent, until: now + ACCOUNT_CHECK_TTL_MS });
  }

  private get secret(): string {
    if (this.config.jwtSecret) return this.config.jwtSecret;
    if (this.config.nodeEnv === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production');
    if (!processSecret) {
      processSecret = randomBytes(32).toString('base64url');
      this.logger.warn('JWT_SECRET is not set: agent tokens are signed with a random key of this process and will not survive a restart');
    }
    return processSecret;
  }
}

function invalidToken(): DomainError {
  return new DomainError('UNAUTHORIZED', 'Invalid or expired token; sign in again (POST /api/v1/auth/login)');
}
