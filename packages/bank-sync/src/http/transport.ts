import type { z } from 'zod';
import { BankSyncError } from '../errors.ts';
import { parseJsonLosslessly } from './json.ts';
import { retryAfterSeconds } from './rate-limit.ts';

export type HttpOptions = {
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  clock?: () => Date;
  /**
   * Providers are HTTPS-only (SimpleFIN requires it of applications); tests point clients at plain
   * HTTP replay servers on loopback with this set.
   */
  allowInsecureHttp?: boolean;
};

export type RawResponse = { status: number; headers: Headers; text: string };

const DEFAULT_TIMEOUT_MS = 30_000;

export function assertSecureUrl(url: URL, provider: string, options: HttpOptions): void {
  if (url.protocol === 'https:' || (url.protocol === 'http:' && options.allowInsecureHttp)) return;
  throw new BankSyncError('insecure_url', `${provider}: refusing ${url.protocol}//${url.host}: only https URLs are allowed`);
}

/** One request; network failures and timeouts become `provider_unavailable` naming only the host. */
export async function send(provider: string, url: URL, init: RequestInit, options: HttpOptions): Promise<RawResponse> {
  assertSecureUrl(url, provider, options);
  const fetchImpl = options.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BankSyncError('provider_unavailable', `${provider}: ${url.host} did not answer (${reason})`, { cause: error });
  }
}

/** The failures every provider shares: 429 (with how long to wait) and server errors. */
export function sharedFailure(raw: RawResponse, provider: string, what: string, options: HttpOptions): BankSyncError | undefined {
  if (raw.status === 429) {
    const wait = retryAfterSeconds(raw.headers, raw.text, (options.clock ?? (() => new Date()))());
    return new BankSyncError('rate_limited', `${provider}: ${what} rate limited; retry in ${wait} s`, { retryAfterSeconds: wait });
  }
  if (raw.status >= 500) return new BankSyncError('provider_unavailable', `${provider}: ${what} failed with HTTP ${raw.status}`);
  return undefined;
}

/** Parses the body (numbers kept as their text) and checks it against the provider's documented shape. */
export function decode<Schema extends z.ZodType>(schema: Schema, raw: RawResponse, provider: string, what: string): z.output<Schema> {
  let body: unknown;
  try {
    body = parseJsonLosslessly(raw.text);
  } catch (error) {
    throw new BankSyncError('invalid_response', `${provider}: ${what} answered with something that is not JSON`, { cause: error });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new BankSyncError('invalid_response', `${provider}: ${what}: ${where}: ${issue?.message ?? 'unexpected shape'}`);
  }
  return parsed.data;
}
