import { KitError } from "../../core/errors/kit-error.js";
import { loadManifest, type LoadedManifest } from "../../core/manifest/load-manifest.js";
import { formatProblem, type Problem } from "../../core/manifest/problem.js";
import type { Logger } from "../../core/logging/logger.js";

/**
 * Loads the manifest a runtime starts with: its warnings are logged, and errors stop the start with
 * one line pointing at `crisp-plugin validate`.
 */
export async function loadValidManifest(options: {
  readonly manifest: string;
  readonly cwd?: string;
  readonly log: Logger;
  /** How the problems found are shown; by default each is logged as a warning. */
  readonly reportProblems?: (problems: readonly Problem[]) => void;
}): Promise<LoadedManifest & { manifest: NonNullable<LoadedManifest["manifest"]> }> {
  const loaded = await loadManifest(options.manifest, options.cwd === undefined ? {} : { cwd: options.cwd });
  if (options.reportProblems) options.reportProblems(loaded.problems);
  else for (const problem of loaded.problems) options.log.warn(formatProblem(problem));
  if (loaded.manifest === undefined) {
    const errors = loaded.problems.filter((problem) => problem.severity === "error").length;
    throw new KitError("MANIFEST_INVALID", `${options.manifest} has ${errors} error(s); run crisp-plugin validate`);
  }
  return { ...loaded, manifest: loaded.manifest };
}
