import { PROBLEM_CODES, type ProblemCode } from "./problem-codes.js";

/** One thing wrong (or doubtful) in a manifest, at a position in its file. */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** 0-based character offset, used to sort. */
  readonly offset: number;
}

/** Where a problem is, before it is turned into a {@link Problem}. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** The start of a file, for problems that concern the file as a whole. */
export const FILE_START: Position = { line: 1, column: 1, offset: 0 };

/** Builds a problem whose severity is the one its code is registered with. */
export function createProblem(file: string, position: Position, code: ProblemCode, message: string): Problem {
  return { code, severity: PROBLEM_CODES[code].severity, message, file, ...position };
}

/** `FILE:LINE:COL: CODE message`, the format every command prints. */
export function formatProblem(problem: Problem): string {
  const prefix = problem.severity === "warning" ? "warning: " : "";
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.code} ${prefix}${problem.message}`;
}

/** Sorts by position in the file, errors before warnings at the same spot. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.offset - b.offset || (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1),
  );
}

/** Whether any problem is an error (warnings alone do not fail a command). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}
