import type { ConsoleOutput } from './console-output.ts';

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
type Fields = Record<string, unknown>;

const LEVEL_NUMBERS: Readonly<Record<LogLevelName, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** The launcher's own messages, in the same compact form as the services' lines. */
export class LauncherLog {
  readonly #output: ConsoleOutput;
  readonly #threshold: number;
  readonly #source: string;

  constructor(output: ConsoleOutput, level: LogLevelName, source = 'launcher') {
    this.#output = output;
    this.#threshold = LEVEL_NUMBERS[level];
    this.#source = source;
  }

  /** The same log under another source name (e.g. `postgres`). */
  as(source: string, level: LogLevelName): LauncherLog {
    return new LauncherLog(this.#output, level, source);
  }

  enabled(level: Exclude<LogLevelName, 'silent'>): boolean {
    return LEVEL_NUMBERS[level] >= this.#threshold;
  }

  debug(msg: string, fields?: Fields): void {
    this.#log('debug', msg, fields);
  }

  info(msg: string, fields?: Fields): void {
    this.#log('info', msg, fields);
  }

  warn(msg: string, fields?: Fields): void {
    this.#log('warn', msg, fields);
  }

  error(msg: string, fields?: Fields): void {
    this.#log('error', msg, fields);
  }

  #log(level: Exclude<LogLevelName, 'silent'>, msg: string, fields: Fields = {}): void {
    if (!this.enabled(level)) return;
    const stream = LEVEL_NUMBERS[level] >= LEVEL_NUMBERS.warn ? 'stderr' : 'stdout';
    this.#output.record(this.#source, { level: LEVEL_NUMBERS[level], time: Date.now(), service: this.#source, msg, ...fields }, stream);
  }
}
