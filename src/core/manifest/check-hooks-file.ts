import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";

/**
 * `hooks:` must name a file that exists, inside the manifest's folder once symbolic links are
 * resolved: the hooks module is code the plugin runs (and `validate` loads to check hook names),
 * so a manifest must not point it at `../../etc/...` or an absolute path elsewhere.
 */
export function checkHooksFile(context: CheckContext): Problem[] {
  const { hooks } = context.data;
  if (typeof hooks !== "string" || hooks === "") return [];
  const path = resolve(context.directory, hooks);
  if (!isFile(path)) {
    return [
      problemAt(
        context,
        ["hooks"],
        "HOOKS_NOT_FOUND",
        `hooks file ${JSON.stringify(hooks)} does not exist (looked for ${path})`,
      ),
    ];
  }
  const folder = realpathSync(context.directory);
  const outside = relative(folder, realpathSync(path));
  if (outside.startsWith("..") || isAbsolute(outside)) {
    return [
      problemAt(
        context,
        ["hooks"],
        "HOOKS_OUTSIDE_FOLDER",
        `hooks file ${JSON.stringify(hooks)} is outside the manifest's folder ${folder} (symbolic links resolved); move it into that folder`,
      ),
    ];
  }
  return [];
}

/** Whether `path` is an existing regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
