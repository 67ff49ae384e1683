import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a conversation reserved but not stored yet: `<lang>.<HMAC of id and lang>`, so any instance can check
 * it without a row, and the row (created with the first message) stores its hash like any other token's.
 */
export function reservedConversationToken(secret: string, conversationId: string, lang: 'zh' | 'en' | null): string {
  const label = lang ?? 'auto';
  return `${label}.${createHmac('sha256', secret).update(`conversation:${conversationId}:${label}`).digest('base64url')}`;
}

/** The language a valid reserved token names (null: detect it), or undefined when the token is not one for this id. */
export function readReservedConversationToken(secret: string, conversationId: string, token: string): { lang: 'zh' | 'en' | null } | undefined {
  const label = token.split('.', 1)[0];
  if (label !== 'zh' && label !== 'en' && label !== 'auto') return undefined;
  const lang = label === 'auto' ? null : label;
  const expected = Buffer.from(reservedConversationToken(secret, conversationId, lang));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { lang } : undefined;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  const candidate = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
