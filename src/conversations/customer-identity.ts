import { createHmac, timingSafeEqual } from 'node:crypto';

/** Longest shop customer id kefu keeps. */
export const MAX_CUSTOMER_ID_CHARS = 128;

/**
 * Identity verification of a signed-in customer (as Intercom and Chatwoot do it): the shop's server computes
 * `hex(HMAC-SHA256(WIDGET_IDENTITY_SECRET, userId))` and puts it beside the id on the widget's tag. Without the
 * secret, or with a wrong hash, the id is ignored and the chat stays anonymous.
 */
export function verifiedCustomerId(secret: string | undefined, userId: unknown, userHash: unknown): string | undefined {
  if (!secret || typeof userId !== 'string' || typeof userHash !== 'string') return undefined;
  if (userId.length === 0 || userId.length > MAX_CUSTOMER_ID_CHARS || !/^[0-9a-f]{64}$/i.test(userHash)) return undefined;
  const expected = createHmac('sha256', secret).update(userId).digest();
  return timingSafeEqual(expected, Buffer.from(userHash, 'hex')) ? userId : undefined;
}

export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}
