import { styleText } from 'node:util';

/** A pino log record: `level` is pino's number, `time` epoch ms (or an ISO string). */
export type LogRecord = { level: number; time?: number | string; service?: string; msg?: string; [key: string]: unknown };

export type FormatOptions = {
  color: boolean;
  /** The line prefix already names this service, so the body leaves it out. */
  impliedService?: string;
};

type Style = Parameters<typeof styleText>[0];

const LEVELS: ReadonlyMap<number, { label: string; style: Style }> = new Map([
  [10, { label: 'TRACE', style: 'gray' }],
  [20, { label: 'DEBUG', style: 'gray' }],
  [30, { label: 'INFO', style: 'green' }],
  [40, { label: 'WARN', style: 'yellow' }],
  [50, { label: 'ERROR', style: 'red' }],
  [60, { label: 'FATAL', style: ['bgRed', 'white'] }],
]);

/** Fields shown elsewhere in the line, or noise for a human reader. */
const HIDDEN_FIELDS = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

/**
 * Turns a pino JSON line into `time level service msg key=val ...`; anything else (plain text,
 * JSON that is not a log record) comes back unchanged. Error stacks follow on indented lines.
 */
export function formatLogLine(line: string, options: FormatOptions): string {
  const record = parseLogRecord(line);
  return record === undefined ? line : formatLogRecord(record, options);
}

export function formatLogRecord(record: LogRecord, options: FormatOptions): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const level = LEVELS.get(record.level) ?? { label: `L${record.level}`, style: 'white' };
  const parts = [paint('dim', formatTime(record.time)), paint(level.style, level.label.padEnd(5))];
  if (record.service !== undefined && record.service !== options.impliedService) parts.push(paint('bold', record.service));
  if (record.msg !== undefined && record.msg !== '') parts.push(record.msg);
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_FIELDS.has(key) || value === undefined) continue;
    parts.push(`${paint('cyan', key)}=${formatValue(value)}`);
    const stack = stackOf(value);
    if (stack !== undefined) stacks.push(stack);
  }
  return [parts.join(' '), ...stacks.flatMap((stack) => stack.split('\n').map((line) => `    ${line.trim()}`))].join('\n');
}

export function parseLogRecord(line: string): LogRecord | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return isLogRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isLogRecord(value: unknown): value is LogRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { level, msg, service } = value as Record<string, unknown>;
  return (
    typeof level === 'number' &&
    (msg === undefined || typeof msg === 'string') &&
    (service === undefined || typeof service === 'string')
  );
}

/** Local wall-clock time `HH:MM:SS.mmm`; the date is left out (a launcher session is short). */
function formatTime(time: LogRecord['time']): string {
  const date = time === undefined ? new Date() : new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (isSerializedError(value)) return JSON.stringify(value.message);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

type SerializedError = { message: string; stack: string };

/** pino's error serializer gives `{ type, message, stack, ... }`. */
function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const { message, stack } = value as Record<string, unknown>;
  return typeof message === 'string' && typeof stack === 'string';
}

/** The stack without its first line, which repeats the message already shown. */
function stackOf(value: unknown): string | undefined {
  if (!isSerializedError(value)) return undefined;
  const frames = value.stack.split('\n').slice(1).join('\n');
  return frames.trim() === '' ? undefined : frames;
}
