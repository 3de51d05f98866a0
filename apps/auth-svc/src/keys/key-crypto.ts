import { openSealed, seal } from '@ai-service/sealed-secrets';

/** Private signing keys at rest, sealed under AUTH_KEY_ENCRYPTION_KEY (packages/sealed-secrets) and bound to their key id. */
export function sealPrivateKey(encryptionKey: Buffer, kid: string, pkcs8: Buffer): string {
  return seal(encryptionKey, kid, pkcs8);
}

export function openPrivateKey(encryptionKey: Buffer, kid: string, sealed: string): Buffer {
  const opened = openSealed(encryptionKey, kid, sealed);
  if (!opened) throw new Error(`signing key ${kid} cannot be decrypted: AUTH_KEY_ENCRYPTION_KEY is not the key it was stored with, or the stored value is damaged`);
  return opened;
}
