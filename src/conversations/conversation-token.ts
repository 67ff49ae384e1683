import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A conversation's bearer secret: 256 random bits, shown once to the customer, stored only as a hash. */
export function newConversationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  const candidate = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
