/** Why a condition does not hold: where it is in the manifest, and one readable sentence. */
export interface ConditionFailure {
  /** The condition's place in the manifest, such as `rules[0].if[1]`. */
  readonly at: string;
  /** What was compared, with the values, such as `data.type is "file", expected "text"`. */
  readonly reason: string;
}

/** A failure as one line for logs and `simulate`: `rules[0].if[1]: data.type is "file", expected "text"`. */
export function formatConditionFailure(failure: ConditionFailure): string {
  return `${failure.at}: ${failure.reason}`;
}

/**
 * A failure whose sentence is written only when read. Most failures are never shown (a rule that
 * does not match is the common case), and describing the values compared costs more than
 * comparing them.
 */
export function lazyFailure(at: string, explain: () => string): ConditionFailure {
  return new LazyFailure(at, explain);
}

class LazyFailure implements ConditionFailure {
  private explain: (() => string) | undefined;
  private written = "";

  constructor(
    readonly at: string,
    explain: () => string,
  ) {
    this.explain = explain;
  }

  get reason(): string {
    if (this.explain !== undefined) {
      this.written = this.explain();
      this.explain = undefined;
    }
    return this.written;
  }

  toJSON(): { at: string; reason: string } {
    return { at: this.at, reason: this.reason };
  }
}
