import { BankSyncError } from '../errors.ts';
import { send, sharedFailure, type HttpOptions } from '../http/transport.ts';
import { parseAccessUrl } from './access-url.ts';

const PROVIDER = 'simplefin';

/** A SimpleFIN setup token is the base64 of the claim URL. */
export function decodeSetupToken(setupToken: string): URL {
  const compact = setupToken.replace(/\s+/g, '');
  const invalid = () => new BankSyncError('invalid_setup_token', 'simplefin: the setup token is not a base64-encoded claim URL');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) throw invalid();
  let url: URL;
  try {
    url = new URL(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid();
  return url;
}

/**
 * Exchanges a setup token for the access URL (credentials included) by POSTing to its claim URL.
 * A token can be claimed once; a 403 means it already was — possibly by someone else, so the user
 * should disable it at the bridge. Neither the token nor the access URL appears in errors.
 */
export async function claimSimpleFinAccessUrl(setupToken: string, options: HttpOptions = {}): Promise<string> {
  const claimUrl = decodeSetupToken(setupToken);
  const raw = await send(PROVIDER, claimUrl, { method: 'POST', headers: { 'content-length': '0' } }, options);
  if (raw.status === 403) {
    throw new BankSyncError('setup_token_claimed', 'simplefin: this setup token was already claimed; if that was not you, disable it at the bridge and create a new one');
  }
  const failure = sharedFailure(raw, PROVIDER, 'claim', options);
  if (failure) throw failure;
  if (raw.status !== 200) throw new BankSyncError('rejected', `simplefin: claim failed with HTTP ${raw.status}`);
  const accessUrl = raw.text.trim();
  parseAccessUrl(accessUrl, options);
  return accessUrl;
}
