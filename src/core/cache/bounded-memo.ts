/**
 * Values computed once per key and remembered, for what a process compiles again and again
 * (patterns, paths, templates, validators), and forgotten all at once when `limit` keys are
 * remembered: a process that reloads manifests for a long time keeps a bounded number.
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** How many values are remembered now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value remembered for `key`, or `create`'s, remembered unless it is `undefined`. */
  get(key: string, create: () => V): V {
    const known = this.#entries.get(key);
    if (known !== undefined) return known;
    const value = create();
    if (value === undefined) return value;
    if (this.#entries.size >= this.limit) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
