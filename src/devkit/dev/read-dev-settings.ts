import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { KitError } from "../../core/errors/kit-error.js";
import type { JsonObject } from "../simulator/json-object.js";

/**
 * Reads `dev --settings FILE` (JSON or YAML) into the settings of each demo website. The file is
 * either one settings object for every website, or a map by website id: it is a map when every key
 * is one of `websiteIds` and every value an object (a settings schema with a property named like a
 * demo website is not worth guessing around). Websites a map leaves out get `{}` (defaults apply).
 */
export async function readDevSettings(
  file: string,
  cwd: string,
  websiteIds: readonly string[],
): Promise<Readonly<Record<string, JsonObject>>> {
  const text = await readFile(resolve(cwd, file), "utf8").catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new KitError("FILE_UNREADABLE", `--settings ${file}: cannot read: ${code}`, { cause: error });
  });
  let parsed: unknown;
  try {
    parsed = parseYaml(text) as unknown;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new KitError("FILE_UNREADABLE", `--settings ${file}: not valid YAML or JSON (${reason})`, { cause: error });
  }
  if (parsed === null || parsed === undefined) parsed = {};
  if (!isObject(parsed)) {
    throw new KitError(
      "CONFIGURATION_INVALID",
      `--settings ${file}: expected an object (the settings of every demo website, or a map by website id: ${websiteIds.join(", ")})`,
    );
  }
  const keys = Object.keys(parsed);
  const byWebsite = keys.length > 0 && keys.every((key) => websiteIds.includes(key) && isObject(parsed[key]));
  return Object.fromEntries(
    websiteIds.map((id) => [
      id,
      byWebsite ? ((parsed as Record<string, JsonObject>)[id] ?? {}) : (parsed as JsonObject),
    ]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
