import { RE2JS } from 're2js';

/**
 * Rule patterns come from users and run against every transaction, so a pattern must never be able
 * to hang the process. JavaScript's RegExp backtracks (`(a+)+$` takes exponential time), and
 * detecting such patterns ahead of time is heuristic. RE2JS, a pure-JavaScript port of RE2, matches in
 * time linear in the input whatever the pattern, so catastrophic patterns cannot exist; the price is
 * that backreferences and lookarounds are not supported, and such patterns are rejected at validation.
 * The length cap bounds the size of the compiled automaton.
 */
export const MAX_PATTERN_LENGTH = 300;

export type CompiledPattern = { test(input: string): boolean };

/** Compiles a user pattern, or returns the reason it is refused. */
export function compilePattern(pattern: string, caseSensitive: boolean): CompiledPattern | { error: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `must be at most ${MAX_PATTERN_LENGTH} characters` };
  try {
    return RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    return { error: `is not a supported regular expression (RE2 syntax, no backreferences or lookarounds): ${(error as Error).message}` };
  }
}
