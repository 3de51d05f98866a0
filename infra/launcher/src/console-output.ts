import { styleText } from 'node:util';
import { formatLogLine, formatLogRecord, type LogRecord } from './log-format.ts';

type Style = Parameters<typeof styleText>[0];
export type TextSink = { write(text: string): unknown };
export type StreamName = 'stdout' | 'stderr';

const SOURCE_STYLES: readonly Style[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'cyanBright', 'magentaBright', 'yellowBright', 'greenBright', 'blueBright'];
const FIXED_STYLES: Readonly<Record<string, Style>> = { launcher: 'bold', postgres: 'gray' };

/**
 * The launcher's terminal: every line gets the name of its source (service, `launcher`,
 * `postgres`) padded to a common width, coloured when `color` is on.
 */
export class ConsoleOutput {
  readonly #color: boolean;
  readonly #width: number;
  readonly #styles = new Map<string, Style>();
  readonly #streams: Record<StreamName, TextSink>;

  constructor(options: { sources: readonly string[]; color: boolean; stdout: TextSink; stderr: TextSink }) {
    this.#color = options.color;
    this.#width = Math.max(...options.sources.map((source) => source.length));
    this.#streams = { stdout: options.stdout, stderr: options.stderr };
    options.sources
      .filter((source) => FIXED_STYLES[source] === undefined)
      .forEach((source, index) => this.#styles.set(source, SOURCE_STYLES[index % SOURCE_STYLES.length] ?? 'white'));
  }

  get color(): boolean {
    return this.#color;
  }

  /** A line a child printed: pino JSON becomes a compact line, anything else passes unchanged. */
  childLine(source: string, line: string, stream: StreamName = 'stdout'): void {
    this.#writePrefixed(source, formatLogLine(line, { color: this.#color, impliedService: source }), stream);
  }

  record(source: string, record: LogRecord, stream: StreamName = 'stdout'): void {
    this.#writePrefixed(source, formatLogRecord(record, { color: this.#color, impliedService: source }), stream);
  }

  /** Text printed as is (tables, summaries). */
  text(text: string, stream: StreamName = 'stdout'): void {
    this.#streams[stream].write(text.endsWith('\n') ? text : `${text}\n`);
  }

  paint(style: Style, text: string): string {
    return this.#color ? styleText(style, text, { validateStream: false }) : text;
  }

  #writePrefixed(source: string, body: string, stream: StreamName): void {
    const prefix = this.paint(FIXED_STYLES[source] ?? this.#styles.get(source) ?? 'white', source.padEnd(this.#width));
    const separator = this.paint('dim', '|');
    this.text(body.split('\n').map((line) => `${prefix} ${separator} ${line}`).join('\n'), stream);
  }
}
