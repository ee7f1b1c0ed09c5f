import type { DataPath, ManifestSource } from "./manifest-source.js";
import { createProblem, type Problem } from "./problem.js";
import type { ProblemCode } from "./problem-codes.js";
import type { Plain } from "./walk-rules.js";

/** What every check beyond the schema reads: the raw data and where it came from. */
export interface CheckContext {
  readonly source: ManifestSource;
  readonly data: Plain;
  /** The folder of the manifest, against which relative paths (`hooks`, `logo`) resolve. */
  readonly directory: string;
}

/** A check beyond the schema; it must tolerate data the schema rejected. */
export type Check = (context: CheckContext) => Problem[];

/** A problem at the node found at `path`. */
export function problemAt(
  context: CheckContext,
  path: DataPath,
  code: ProblemCode,
  message: string,
  options: { key?: boolean } = {},
): Problem {
  return createProblem(context.source.file, context.source.locate(path, options), code, message);
}
