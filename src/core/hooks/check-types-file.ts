import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { problemAt, type CheckContext } from "../manifest/check-context.js";
import type { Problem } from "../manifest/problem.js";
import { isUpToDate, pluginTypesFile } from "./plugin-types-source.js";

/**
 * When `crisp-plugin types` wrote a `.d.ts` next to the manifest, it must still say what the
 * manifest says (settings, events, hooks): a stale one types the hooks against an older manifest.
 */
export function checkTypesFile(context: CheckContext): Problem[] {
  const file = join(context.directory, basename(pluginTypesFile(context.source.file)));
  let generated: string;
  try {
    generated = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  if (isUpToDate(generated, context.data, context.source.file)) return [];
  const at = "settings" in context.data ? ["settings"] : [];
  const message = `${basename(file)} no longer matches the manifest (settings, events or hooks changed); run crisp-plugin types`;
  return [problemAt(context, at, "TYPES_STALE", message, { key: true })];
}
