import { BankSyncError } from '../errors.ts';
import { assertSecureUrl, type HttpOptions } from '../http/transport.ts';

export type AccessCredentials = { root: URL; authorization: string };

/**
 * Splits a SimpleFIN access URL (`https://user:pass@host/path`) into its root and a Basic
 * Authorization header: fetch refuses URLs that carry credentials.
 */
export function parseAccessUrl(accessUrl: string, options: HttpOptions): AccessCredentials {
  let url: URL;
  try {
    url = new URL(accessUrl);
  } catch {
    throw new BankSyncError('invalid_response', 'simplefin: the access URL is not a URL');
  }
  if (!url.username || !url.password) throw new BankSyncError('invalid_response', 'simplefin: the access URL carries no credentials');
  assertSecureUrl(url, 'simplefin', options);
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  url.username = '';
  url.password = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { root: url, authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}
