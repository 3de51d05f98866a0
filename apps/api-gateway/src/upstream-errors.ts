import { problem, type Problem } from '@ai-service/http';

/** Error codes of undici / Node sockets (directly, or as the `cause` of reply-from's wrapper error). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'FST_REPLY_FROM_SERVICE_UNAVAILABLE']);
const TOO_SLOW = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'FST_REPLY_FROM_GATEWAY_TIMEOUT', 'FST_REPLY_FROM_TIMEOUT']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * What the client gets when forwarding fails: the service cannot be reached (refused, no route,
 * connect timeout) → 503; it accepted the request but did not answer within UPSTREAM_TIMEOUT_MS →
 * 504; anything else (reset mid-response, malformed answer) → 502. Never the internal error text.
 */
export function upstreamProblem(service: string, error: unknown): Problem {
  const codes = codesOf(error);
  if (codes.some((code) => UNREACHABLE.has(code))) {
    return problem(503, `${service} is unavailable; try again shortly.`, { code: 'UPSTREAM_UNAVAILABLE' });
  }
  if (codes.some((code) => TOO_SLOW.has(code))) {
    return problem(504, `${service} did not answer in time.`, { code: 'UPSTREAM_TIMEOUT' });
  }
  return problem(502, `${service} sent no valid answer.`, { code: 'UPSTREAM_FAILED' });
}
