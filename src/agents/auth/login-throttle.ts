import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { ATTEMPT_STORE, AttemptStore } from '../../common/security/attempt-store';
import { normalizeEmail } from '../agents.repository';

/** failed sign-ins an account takes in one window (ASVS V2.2.1 asks for at most ~100 an hour) */
export const ACCOUNT_FAILURE_LIMIT = 10;
/** failed sign-ins one address takes in one window, over every account */
export const ADDRESS_FAILURE_LIMIT = 50;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** an address an agent signed in from is trusted that long (see keys below) */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;

/**
 * Login throttling per account and per client address, in the shared attempt store (so every instance counts
 * together). After ACCOUNT_FAILURE_LIMIT failures an account is locked until its window ends (at most 15 minutes),
 * ADDRESS_FAILURE_LIMIT for an address; both answer 429 with Retry-After, checked before the password is.
 *
 * So that an attacker cannot keep a real agent locked out, an address the agent signed in from in the last 30
 * days counts its failures in a bucket of its own: guessing from elsewhere locks the account everywhere else only.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');

  constructor(@Inject(ATTEMPT_STORE) private readonly store: AttemptStore) {}

  /** RATE_LIMITED (with retryAfterSeconds) while the account or the address is locked. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, byAddress] = await Promise.all([this.accountKey(email, address).then((key) => this.store.peek(key)), this.store.peek(addressKey(address))]);
    const locked = [account.count >= ACCOUNT_FAILURE_LIMIT ? account.resetInMs : 0, byAddress.count >= ADDRESS_FAILURE_LIMIT ? byAddress.resetInMs : 0];
    const waitMs = Math.max(...locked);
    if (waitMs > 0) throw tooManyAttempts(waitMs);
  }

  async failed(email: string, address: string): Promise<void> {
    const accountKey = await this.accountKey(email, address);
    const [account, byAddress] = await Promise.all([this.store.hit(accountKey, FAILURE_WINDOW_MS), this.store.hit(addressKey(address), FAILURE_WINDOW_MS)]);
    // one line when a lock starts, none for the attempts refused while it lasts (those never reach failed())
    if (account.count === ACCOUNT_FAILURE_LIMIT) {
      this.logger.warn({ event: 'login_lockout', scope: 'account', account: accountId(email), address, failures: account.count, seconds: Math.ceil(account.resetInMs / 1000) });
    }
    if (byAddress.count === ADDRESS_FAILURE_LIMIT) {
      this.logger.warn({ event: 'login_lockout', scope: 'address', address, failures: byAddress.count, seconds: Math.ceil(byAddress.resetInMs / 1000) });
    }
  }

  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.store.clear(await this.accountKey(email, address)), this.store.mark(knownKey(email, address), KNOWN_ADDRESS_MS)]);
  }

  private async accountKey(email: string, address: string): Promise<string> {
    const known = (await this.store.peek(knownKey(email, address))).count > 0;
    return known ? `login:account:${accountId(email)}:${address}` : `login:account:${accountId(email)}`;
  }
}

/** Emails are not kept in the store in clear. */
function accountId(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 16);
}

const addressKey = (address: string) => `login:address:${address}`;
const knownKey = (email: string, address: string) => `login:known:${accountId(email)}:${address}`;

function tooManyAttempts(waitMs: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError('RATE_LIMITED', `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
}
