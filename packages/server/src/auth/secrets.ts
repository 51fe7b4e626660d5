import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** 256 random bits, base64url: session ids, API keys, reset tokens, CSRF tokens. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * How random tokens are stored: SHA-256 is enough for 256-bit random secrets (nothing to guess),
 * and lets the token be found by its hash. Passwords, which people choose, get argon2id.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** OWASP's argon2id baseline (19 MiB, 2 iterations, 1 lane). */
// `Algorithm` is a const enum the package declares but does not export at run time: 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export const verifyPassword = async (stored: string | null, password: string): Promise<boolean> => {
  // Without a stored hash, spend the same time anyway: the answer's timing says nothing.
  if (!stored) {
    await hash(password, ARGON2);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
};

/** NIST SP 800-63B: length over composition rules; refuse the obvious. */
export const passwordProblem = (password: string, username: string): string | null => {
  if (password.length < 12) return 'the password needs at least 12 characters';
  if (password.length > 256) return 'the password may have at most 256 characters';
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'the password may not contain the user name';
  if (new Set(password).size < 5) return 'the password repeats too few characters';
  return null;
};
