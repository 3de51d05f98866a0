/** The last `capacity` entries of a log, kept to show when something fails. */
export class RecentLines<T = string> {
  readonly #capacity: number;
  readonly #entries: T[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(entry: T): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
  }

  toArray(): T[] {
    return [...this.#entries];
  }
}
