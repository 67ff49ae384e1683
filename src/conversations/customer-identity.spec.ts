import { identityHash, verifiedCustomerId } from './customer-identity';

describe('customer identity verification', () => {
  const secret = 'shop-secret-0123456789';

  it('accepts the id with the HMAC the shop computed', () => {
    expect(verifiedCustomerId(secret, 'user-42', identityHash(secret, 'user-42'))).toBe('user-42');
    expect(verifiedCustomerId(secret, 'user-42', identityHash(secret, 'user-42').toUpperCase())).toBe('user-42');
  });

  it('ignores a wrong hash, another id, a missing secret and junk', () => {
    expect(verifiedCustomerId(secret, 'user-42', identityHash(secret, 'user-43'))).toBeUndefined();
    expect(verifiedCustomerId(secret, 'user-42', identityHash('another-secret-here', 'user-42'))).toBeUndefined();
    expect(verifiedCustomerId(undefined, 'user-42', identityHash(secret, 'user-42'))).toBeUndefined();
    expect(verifiedCustomerId(secret, 'user-42', 'not-hex')).toBeUndefined();
    expect(verifiedCustomerId(secret, { id: 1 }, identityHash(secret, 'user-42'))).toBeUndefined();
    expect(verifiedCustomerId(secret, 'x'.repeat(500), identityHash(secret, 'x'.repeat(500)))).toBeUndefined();
  });
});
