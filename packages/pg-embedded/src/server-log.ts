import { RecentLines } from './recent-lines.ts';

export type EmbeddedPostgresLogger = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

export const silentLogger: EmbeddedPostgresLogger = { info() {}, warn() {}, error() {} };

/** Splits what initdb and the server print into lines, grades them and remembers the last few. */
export class ServerLog {
  readonly #logger: EmbeddedPostgresLogger;
  readonly #recent = new RecentLines(40);

  constructor(logger: EmbeddedPostgresLogger) {
    this.#logger = logger;
  }

  readonly output = (chunk: unknown): void => {
    for (const line of String(chunk).split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.#recent.push(line);
      this.#route(line);
    }
  };

  readonly failure = (error: unknown): void => {
    const text = error instanceof Error ? error.message : String(error);
    this.#recent.push(text);
    this.#logger.error(text);
  };

  warn(message: string): void {
    this.#recent.push(message);
    this.#logger.warn(message);
  }

  /** The last lines, indented, for an error message. */
  tail(): string {
    const lines = this.#recent.toArray();
    return lines.length === 0 ? '  (no output)' : lines.map((line) => `  ${line}`).join('\n');
  }

  #route(line: string): void {
    if (/\b(ERROR|FATAL|PANIC):/.test(line)) this.#logger.error(line);
    else if (/\bWARNING:/.test(line)) this.#logger.warn(line);
    else this.#logger.info(line);
  }
}
