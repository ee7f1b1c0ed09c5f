import type { DeadLetter } from "../../core/ports/store.js";

/** Oldest first (`at`), then by id, so every backend lists dead letters in the same order. */
export function compareDeadLetters(a: DeadLetter, b: DeadLetter): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
