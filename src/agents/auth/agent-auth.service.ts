import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../../common/domain-error';
import { signingSecret } from '../../common/security/signing-secret';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditService } from '../../audit/audit.service';
import { RealtimeService } from '../../realtime/realtime.service';
import { AgentRecord, AgentsRepository } from '../agents.repository';
import { AgentTokenPayload, AuthenticatedAgent, toAuthenticatedAgent } from './authenticated-agent';
import { LoginThrottle } from './login-throttle';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from './password';

export const TOKEN_TTL = '12h';
/** how long "this agent exists and is enabled" is trusted before verify asks the database again */
const ACCOUNT_CHECK_TTL_MS = 5_000;
const ACCOUNT_CACHE_LIMIT = 10_000;

export interface LoginResult {
  token: string;
  agent: AuthenticatedAgent;
}

/**
 * Agent sign-in and token checks, for HTTP (the guards) and the /agent Socket.IO gateway (verify in
 * handleConnection). Tokens are HS256 JWTs, valid 12 h, carrying `{ sub: agentId, role, name, ver }`; verify
 * requires `exp`, checks that the account still exists and is enabled and that `ver` is the account's token version
 * (a password change or "sign out everywhere" raises it), and takes the role from the account (cached ≤ 5 s per
 * instance, so another instance honours a revocation within 5 s).
 */
@Injectable()
export class AgentAuthService {
  private readonly accounts = new Map<string, { agent?: AgentRecord; until: number }>();

  constructor(
    private readonly agents: AgentsRepository,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One error for an unknown email, a wrong password and a disabled account, taking the same time; RATE_LIMITED
   * (before the password is checked) while the account or the client's address is locked out.
   */
  async login(email: string, password: string, address: string): Promise<LoginResult> {
    await this.throttle.assertAllowed(email, address);
    const found = await this.agents.findCredentialsByEmail(email);
    const matches = await verifyPassword(password, found?.passwordHash ?? UNMATCHABLE_HASH);
    if (!found || !matches || found.agent.disabled) {
      await this.throttle.failed(email, address);
      await this.audit.record({ actorId: found?.agent.id, actor: 'anonymous', action: 'agent.sign_in_failed', target: email, address });
      throw new DomainError('UNAUTHORIZED', 'Invalid email or password');
    }
    await this.throttle.succeeded(email, address);
    await this.audit.record({ actorId: found.agent.id, actor: found.agent.email, action: 'agent.sign_in', address });
    this.remember(found.agent);
    return { token: await this.sign(found.agent), agent: toAuthenticatedAgent(found.agent) };
  }

  /** Revokes every token of the agent (this one too) and closes their sockets. */
  async signOutEverywhere(agentId: string): Promise<void> {
    await this.agents.update(agentId, { revokeTokens: true });
    this.forget(agentId);
    this.disconnect(agentId);
  }

  /**
   * The agent's own password change: the current password is checked (and throttled like a sign-in), every older
   * token is revoked, and a new token is returned so this session goes on.
   */
  async changePassword(agentId: string, currentPassword: string, newPassword: string, address: string): Promise<LoginResult> {
    const agent = await this.agents.findById(agentId);
    if (!agent) throw invalidToken();
    await this.throttle.assertAllowed(agent.email, address);
    const credentials = await this.agents.findCredentialsByEmail(agent.email);
    if (!credentials || !(await verifyPassword(currentPassword, credentials.passwordHash))) {
      await this.throttle.failed(agent.email, address);
      throw new DomainError('VALIDATION_FAILED', 'The current password is wrong', { fields: ['currentPassword is wrong'] });
    }
    const updated = await this.agents.update(agentId, { passwordHash: await hashPassword(newPassword), revokeTokens: true });
    if (!updated) throw invalidToken();
    this.forget(agentId);
    this.disconnect(agentId);
    this.remember(updated);
    return { token: await this.sign(updated), agent: toAuthenticatedAgent(updated) };
  }

  /** Closes the agent's open sockets, whose tokens were checked when they connected. */
  disconnect(agentId: string): void {
    this.realtime.disconnectAgent(agentId);
  }

  /** The agent a token belongs to; UNAUTHORIZED when it is malformed, tampered with, expired, or the account is gone or disabled. */
  async verify(token: string): Promise<AuthenticatedAgent> {
    let payload: Partial<AgentTokenPayload & { exp: number }>;
    try {
      payload = await this.jwt.verifyAsync<AgentTokenPayload>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch {
      throw invalidToken();
    }
    // jsonwebtoken accepts a token without exp as valid for ever: ours always carry one
    if (typeof payload?.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.ver !== 'number') throw invalidToken();
    const agent = await this.account(payload.sub);
    if (!agent || agent.disabled || agent.tokenVersion !== payload.ver) throw invalidToken();
    return toAuthenticatedAgent(agent);
  }

  /** Drops the cached account check, so a change (disabled, new role) applies at once in this process. */
  forget(agentId: string): void {
    this.accounts.delete(agentId);
  }

  private sign(agent: AgentRecord): Promise<string> {
    const payload: AgentTokenPayload = { sub: agent.id, role: agent.role, name: agent.name, ver: agent.tokenVersion };
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
    return signingSecret(this.config);
  }
}

function invalidToken(): DomainError {
  return new DomainError('UNAUTHORIZED', 'Invalid or expired token; sign in again (POST /api/v1/auth/login)');
}
