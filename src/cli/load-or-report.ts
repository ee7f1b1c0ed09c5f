import { KitError } from "../core/errors/kit-error.js";
import { loadManifest, type LoadedManifest } from "../core/manifest/load-manifest.js";
import { formatProblem } from "../core/manifest/problem.js";
import { EXIT, type CliIo } from "./cli-io.js";

/** The manifest path used when a command is given none. */
export const DEFAULT_MANIFEST = "plugin.yaml";

/**
 * Loads a manifest and prints its problems on stderr, one `FILE:LINE:COL: CODE message` line each.
 * Returns the exit code to use instead when the file cannot be read (2) or has errors (1).
 */
export async function loadOrReport(
  io: CliIo,
  file: string | undefined,
  options: { loadHooks?: boolean } = {},
): Promise<{ loaded: LoadedManifest & { manifest: NonNullable<LoadedManifest["manifest"]> } } | { exit: number }> {
  let loaded: LoadedManifest;
  try {
    loaded = await loadManifest(file ?? DEFAULT_MANIFEST, { cwd: io.cwd, ...options });
  } catch (error) {
    if (error instanceof KitError) {
      io.stderr(`${error.message}\n`);
      return { exit: EXIT.usage };
    }
    throw error;
  }
  for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
  if (loaded.manifest === undefined) return { exit: EXIT.problems };
  return { loaded: { ...loaded, manifest: loaded.manifest } };
}

/**
 * For a runtime started after {@link loadOrReport}: the problems of its own load of the manifest
 * were printed already.
 */
export function ignoreReported(): void {
  // Nothing to do: loadOrReport printed them.
}
