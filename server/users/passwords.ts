// Password hashing: argon2id for every new hash; Django's pbkdf2_sha256 hashes of the
// original database are verified and replaced at the next successful login (docs/api.md#authentication).
import crypto from 'node:crypto';
import { promisify } from 'node:util';
import argon2 from 'argon2';

const pbkdf2 = promisify(crypto.pbkdf2);

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane) rather than the library's 64 MiB × 4
// lanes: every login allocates the hash's memory, and four at once (libuv's threads) would
// take 256 MB from a server that lives in about 300 MB.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** Django marks accounts that may never log in with a hash starting with "!". */
export function isUsableHash(hash: string): boolean {
  return hash.length > 0 && !hash.startsWith('!');
}

async function verifyDjangoPbkdf2(hash: string, password: string): Promise<boolean> {
  const [algorithm, iterations, salt, expected] = hash.split('$');
  if (algorithm !== 'pbkdf2_sha256' || !iterations || !salt || !expected) return false;
  const rounds = Number(iterations);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10_000_000) return false;
  const expectedBytes = Buffer.from(expected, 'base64');
  const derived = await pbkdf2(password, salt, rounds, expectedBytes.length || 32, 'sha256');
  return expectedBytes.length === derived.length && crypto.timingSafeEqual(derived, expectedBytes);
}

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash is not argon2id with today's parameters: store `hashPassword(password)` instead. */
  needsRehash: boolean;
}

export async function verifyPassword(hash: string, password: string): Promise<PasswordCheck> {
  if (!isUsableHash(hash)) {
    // As long as a real check: the response time must not tell that this account cannot log in.
    await verifyAgainstDecoy(password);
    return { valid: false, needsRehash: false };
  }
  if (hash.startsWith('$argon2')) {
    try {
      const valid = await argon2.verify(hash, password);
      return { valid, needsRehash: valid && (!hash.startsWith('$argon2id$') || argon2.needsRehash(hash, ARGON2_OPTIONS)) };
    } catch {
      return { valid: false, needsRehash: false };
    }
  }
  const valid = await verifyDjangoPbkdf2(hash, password);
  return { valid, needsRehash: valid };
}

/**
 * Burns the time of a real verification when the account does not exist, so that response
 * times do not tell which emails have an account.
 */
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<void> {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  await argon2.verify(await decoyHash, password).catch(() => false);
}

/** Django's admin password rules (docs/api.md#authentication), returned as French messages. */
export function passwordProblems(password: string, personal: string[] = []): string[] {
  const problems: string[] = [];
  if (password.length < 8) {
    problems.push('Ce mot de passe est trop court. Il doit contenir au minimum 8 caractères.');
  }
  if (/^\d+$/.test(password)) problems.push('Ce mot de passe est entièrement numérique.');
  if (COMMON_PASSWORDS.has(password.toLowerCase())) problems.push('Ce mot de passe est trop courant.');
  const lowered = password.toLowerCase();
  const similar = personal
    .flatMap((value) => value.toLowerCase().split(/[@.\s_-]+/))
    .some((part) => part.length >= 4 && (lowered.includes(part) || part.includes(lowered)));
  if (similar) problems.push('Le mot de passe est trop semblable aux informations personnelles.');
  return problems;
}

const COMMON_PASSWORDS = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'azerty123',
  'azertyuiop',
  'qwerty123',
  'qwertyuiop',
  'motdepasse',
  'iloveyou',
  'sunshine',
  'football',
  'baseball',
  'welcome1',
  'admin123',
  'administrator',
  'letmein1',
  'trustno1',
  'superman',
  'princess',
  'starwars',
  'dragon123',
  'passw0rd',
  'abc12345',
  'soleil123',
  'bonjour1',
  'doudou123',
  'chouchou',
  'loulou123',
  'marseille',
  'oser2018',
]);
