import { loadManifest } from "./load-manifest.js";
import { hasErrors, type Problem } from "./problem.js";

/** What {@link checkManifest} found. */
export interface ManifestCheck {
  /** True when the manifest has no errors (warnings allowed), as `crisp-plugin validate` exits 0. */
  readonly valid: boolean;
  /** Every problem, sorted by position, errors and warnings alike. */
  readonly problems: readonly Problem[];
}

/**
 * Checks a manifest as `crisp-plugin validate` does, from your own program (a CI step, an editor
 * integration). `loadHooks: false` checks it without importing its hooks module, whose top-level
 * code would otherwise run. Throws a `KitError` (`MANIFEST_UNREADABLE`) only when the file cannot
 * be read at all.
 */
export async function checkManifest(
  file: string,
  options: { readonly cwd?: string; readonly loadHooks?: boolean } = {},
): Promise<ManifestCheck> {
  const loaded = await loadManifest(file, options);
  return { valid: loaded.manifest !== undefined && !hasErrors(loaded.problems), problems: loaded.problems };
}
