import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** RFC 9457 problem details, the body of every error response. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  code?: string;
  requestId?: string;
};

export type FieldError = { field: string; message: string };

/** Maps a package's own error type to a problem; returns undefined for errors it does not own. */
export type ErrorMapper = (error: unknown) => Omit<Problem, 'instance' | 'requestId'> | undefined;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(status: number, detail?: string, extra: Partial<Problem> = {}): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, ...(detail ? { detail } : {}), ...extra };
}

function fieldOf(instancePath: string, params: Record<string, unknown>, context: string | undefined): string {
  const missing = typeof params['missingProperty'] === 'string' ? `/${params['missingProperty']}` : '';
  const extra = typeof params['additionalProperty'] === 'string' ? `/${params['additionalProperty']}` : '';
  const path = `${instancePath}${missing}${extra}`.replace(/^\//, '').replaceAll('/', '.');
  return [context, path].filter(Boolean).join('.') || (context ?? 'body');
}

function validationProblem(error: FastifyError): Problem {
  const errors = (error.validation ?? []).map((issue) => ({
    field: fieldOf(issue.instancePath, issue.params as Record<string, unknown>, error.validationContext),
    message: issue.message ?? 'is invalid',
  }));
  return problem(400, 'The request has invalid fields.', { type: 'urn:ai-service:problem:validation', errors, code: 'VALIDATION' });
}

export function toProblem(error: FastifyError, mappers: ErrorMapper[]): Problem {
  if (error.validation) return validationProblem(error);
  for (const map of mappers) {
    const mapped = map(error);
    if (mapped) return mapped;
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  // Client errors raised by Fastify itself (bad JSON, body too large) are safe to explain; server errors never leak.
  return status < 500 ? problem(status, error.message, error.code ? { code: error.code } : {}) : problem(status);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem): FastifyReply {
  return reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: request.url, requestId: request.id });
}
