/** Keeps the last `capacity` lines of a log, to show when something fails. */
export class RecentLines {
  readonly #capacity: number;
  readonly #lines: string[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#capacity) this.#lines.shift();
  }

  toArray(): string[] {
    return [...this.#lines];
  }
}
