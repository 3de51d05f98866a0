import { AuthError } from '../errors.ts';

/**
 * `Authorization: Basic base64(user:password)` (RFC 7617). Hand-written: a dozen lines, where a
 * Fastify auth plugin would bring hooks the spec-driven routes do not use.
 */
export function basicCredentials(header: string | undefined): { user: string; password: string } {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new AuthError('INVALID_CREDENTIALS', 'Service credentials are required (HTTP Basic).');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
