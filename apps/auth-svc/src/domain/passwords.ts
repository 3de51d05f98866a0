import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// @node-rs/argon2 defaults: argon2id, 19 MiB memory, 2 passes, 1 lane (OWASP's recommended minimum).

export const hashPassword = (password: string): Promise<string> => hash(password);

export const verifyPassword = (passwordHash: string, password: string): Promise<boolean> => verify(passwordHash, password);

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification for a login without a user, so timing does not tell. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(16).toString('base64'));
  await verify(await dummyHash, password);
  return false;
}
