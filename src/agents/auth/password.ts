import { dictionary } from '@zxcvbn-ts/language-common';
import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../common/domain-error';

export const MIN_PASSWORD_LENGTH = 10;
/** longer inputs are refused before hashing, so a request cannot make the server hash megabytes */
export const MAX_PASSWORD_LENGTH = 256;

const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 64;
// scrypt needs about 128 * N * r bytes (32 MiB here) and Node's default ceiling is exactly that: leave headroom,
// and bound what a stored hash may ask for
const MAX_MEMORY = 256 * 1024 * 1024;
const PREFIX = 'scrypt';

/**
 * Hashes a password with scrypt into a self-describing string, `scrypt$N$r$p$<salt b64>$<key b64>`, so the
 * parameters can be raised later without invalidating stored hashes.
 */
export async function hashPassword(password: string): Promise<string> {
  assertAcceptablePassword(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, { N: COST, r: BLOCK_SIZE, p: PARALLELISM });
  return [PREFIX, COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * A well-formed hash no password matches (random salt and key, the current parameters): login checks it for
 * unknown emails, so they take as long as a wrong password does.
 */
export const UNMATCHABLE_HASH = [PREFIX, COST, BLOCK_SIZE, PARALLELISM, randomBytes(SALT_BYTES).toString('base64'), randomBytes(KEY_BYTES).toString('base64')].join('$');

/** Whether `password` matches a hash made by hashPassword; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, parsed.options);
  return timingSafeEqual(key, parsed.key);
}

/** NIST SP 800-63B: long enough, and not one of the passwords attackers try first. */
export function assertAcceptablePassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw weakPassword(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw weakPassword(`The password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if (isCommonPassword(password)) throw weakPassword('The password is one of the most common passwords; choose another');
}

let commonPasswords: Set<string> | undefined;

/** Whether the password (ignoring case) is on zxcvbn-ts's list of about 49,000 common passwords. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'] as string[]);
  return commonPasswords.has(password.normalize('NFKC').toLowerCase());
}

function weakPassword(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { fields: [`password: ${message}`] });
}

function parseHash(stored: string): { salt: Buffer; key: Buffer; options: ScryptOptions } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  // bounds keep a corrupted row from asking for gigabytes of memory
  const sane = Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
  if (!sane || 128 * N * r * (p + 1) > MAX_MEMORY) return undefined;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 128) return undefined;
  return { salt, key, options: { N, r, p } };
}

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
