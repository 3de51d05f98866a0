/** A rate-limit window as response headers describe it; the prefixes are the spellings seen in the wild. */
const WINDOWS = [
  // GoCardless Bank Account Data: the per-account window (details, balances, transactions; banks allow ~4 a day)
  { remaining: ['http_x_ratelimit_account_success_remaining', 'x-ratelimit-account-success-remaining'], reset: ['http_x_ratelimit_account_success_reset', 'x-ratelimit-account-success-reset'] },
  // GoCardless general window, and the common X-RateLimit-* convention
  { remaining: ['http_x_ratelimit_remaining', 'x-ratelimit-remaining'], reset: ['http_x_ratelimit_reset', 'x-ratelimit-reset'] },
];

const DEFAULT_WAIT_SECONDS = 60;

function firstHeader(headers: Headers, names: string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  return Math.ceil(Number(text));
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfterHeader(headers: Headers, now: Date): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const asSeconds = seconds(value);
  if (asSeconds !== undefined) return asSeconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Seconds to wait after a 429. GoCardless documents `HTTP_X_RATELIMIT_RESET` and
 * `HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET` (seconds left in each window) with their `_REMAINING`
 * counterparts, and says "Please try again in N seconds" in the body; others send Retry-After. A
 * window counts when it is exhausted (or does not say how much remains); the longest wait named wins,
 * since retrying before it fails again. When no window admits being exhausted, the soonest reset;
 * without any hint, a minute.
 */
export function retryAfterSeconds(headers: Headers, bodyText: string, now: Date): number {
  const waits: number[] = [];
  const resets: number[] = [];
  for (const window of WINDOWS) {
    const reset = seconds(firstHeader(headers, window.reset));
    if (reset === undefined) continue;
    resets.push(reset);
    const remaining = firstHeader(headers, window.remaining);
    if (remaining === undefined || Number(remaining) <= 0) waits.push(reset);
  }
  const header = retryAfterHeader(headers, now);
  if (header !== undefined) waits.push(header);
  const inBody = /try again in (\d+) seconds?/i.exec(bodyText)?.[1];
  if (inBody !== undefined) waits.push(Number(inBody));
  if (waits.length > 0) return Math.max(1, ...waits);
  return resets.length > 0 ? Math.max(1, Math.min(...resets)) : DEFAULT_WAIT_SECONDS;
}
