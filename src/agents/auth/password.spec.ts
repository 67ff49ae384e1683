import { hashPassword, isCommonPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('makes a self-describing scrypt hash that verifies the right password only', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    await expect(verifyPassword('correct horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
    await expect(verifyPassword('same password', b)).resolves.toBe(true);
  });

  it('reads the parameters from the hash, so older or stronger settings keep working', async () => {
    const hash = await hashPassword('密码很安全的一句口令');
    expect(await verifyPassword('密码很安全的一句口令', hash)).toBe(true);
    // a hash made with a lower cost: same format, different N
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const legacy = `scrypt$1024$8$1$${salt.toString('base64')}$${scryptSync('old-password', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPassword('old-password', legacy)).toBe(true);
    expect(await verifyPassword('old-passwort', legacy)).toBe(false);
  });

  it('rejects passwords under 10 characters (and absurdly long ones)', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'The password must be at least 10 characters' });
    await expect(hashPassword('12345678')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(hashPassword('x'.repeat(257))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(hashPassword('gq8-tram-lunar')).resolves.toMatch(/^scrypt\$/);
  });

  it('rejects the common passwords attackers try first, whatever their case', async () => {
    for (const common of ['1234567890', 'qwertyuiop', 'password123', 'PASSWORD123', 'iloveyou12']) {
      await expect(hashPassword(common)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: 'The password is one of the most common passwords; choose another' });
    }
    expect(isCommonPassword('a long passphrase of mine')).toBe(false);
  });

  it('treats malformed or hostile stored hashes as a mismatch instead of throwing', async () => {
    for (const stored of ['', 'plain-text', 'bcrypt$2b$10$abc', 'scrypt$32768$8$1$c2FsdA==', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5`]) {
      await expect(verifyPassword('whatever password', stored)).resolves.toBe(false);
    }
  });
});
