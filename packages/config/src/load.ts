import type { z } from 'zod';

export type ConfigProblem = { variable: string; reason: string };

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; problems: ConfigProblem[] };

type Env = Record<string, string | undefined>;

/** An empty value (`REDIS_URL=` in a .env file) means "not set", so defaults and optionals apply. */
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

/** Parses without side effects; problems name the variable and the reason, never the value. */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Env): ConfigResult<z.output<S>> {
  const known = Object.keys(schema.shape);
  const relevant = Object.fromEntries(Object.entries(withoutEmptyValues(env)).filter(([key]) => known.includes(key)));
  const result = schema.safeParse(relevant);
  if (result.success) return { ok: true, config: result.data };
  const problems = result.error.issues.map((issue) => ({
    variable: String(issue.path[0] ?? '(root)'),
    reason: issue.code === 'invalid_type' && relevant[String(issue.path[0])] === undefined ? 'is required' : issue.message,
  }));
  return { ok: false, problems };
}

/** Parses once at boot; on bad configuration prints one line per variable and exits 1. */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env, name = 'service'): z.output<S> {
  const result = parseConfig(schema, env);
  if (result.ok) return result.config;
  process.stderr.write(`${name}: invalid configuration\n`);
  for (const problem of result.problems) process.stderr.write(`  ${problem.variable}: ${problem.reason}\n`);
  process.exit(1);
}
