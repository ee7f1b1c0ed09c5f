import { statSync } from "node:fs";
import { resolve } from "node:path";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";

/** `hooks:` must name a file that exists, relative to the manifest. */
export function checkHooksFile(context: CheckContext): Problem[] {
  const { hooks } = context.data;
  if (typeof hooks !== "string" || hooks === "") return [];
  const path = resolve(context.directory, hooks);
  if (isFile(path)) return [];
  return [
    problemAt(
      context,
      ["hooks"],
      "HOOKS_NOT_FOUND",
      `hooks file ${JSON.stringify(hooks)} does not exist (looked for ${path})`,
    ),
  ];
}

/** Whether `path` is an existing regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
