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
