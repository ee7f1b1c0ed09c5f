import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { KitError } from "../errors/kit-error.js";
import type { Check, CheckContext } from "./check-context.js";
import { checkHooksFile } from "./check-hooks-file.js";
import { checkHttpHosts } from "./check-http-hosts.js";
import { checkRegexes } from "./check-regexes.js";
import { checkRules } from "./check-rules.js";
import { checkScopes } from "./check-scopes.js";
import { checkSettingsSchema } from "./check-settings-schema.js";
import { checkTemplates } from "./check-templates.js";
import type { Manifest } from "./manifest.js";
import type { ManifestSource } from "./manifest-source.js";
import { parseYaml } from "./parse-yaml.js";
import { hasErrors, sortProblems, type Problem } from "./problem.js";
import { validateSchema } from "./validate-schema.js";

/** The checks beyond the schema, run on every manifest whatever the schema said. */
const CHECKS: readonly Check[] = [
  checkRules,
  checkRegexes,
  checkTemplates,
  checkSettingsSchema,
  checkHooksFile,
  checkHttpHosts,
  checkScopes,
];

/** A manifest read from disk: the problems found, and the manifest itself when it has no errors. */
export interface LoadedManifest {
  /** The path as given, used in every problem line. */
  readonly file: string;
  /** The absolute path. */
  readonly path: string;
  readonly source?: ManifestSource;
  /** Present only when there is no error (warnings allowed), with schema defaults applied. */
  readonly manifest?: Manifest;
  /** Every problem, sorted by position. */
  readonly problems: readonly Problem[];
}

/**
 * Reads, parses and validates a manifest, reporting every problem at once.
 * Throws a {@link KitError} `MANIFEST_UNREADABLE` only when the file cannot be read at all.
 */
export async function loadManifest(file: string, options: { cwd?: string } = {}): Promise<LoadedManifest> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new KitError("MANIFEST_UNREADABLE", `${file}: cannot read the manifest: ${reason}`, {
      cause: error,
      context: { path },
    });
  }
  return { path, ...validateManifestBytes(file, bytes, dirname(path)) };
}

/** Validates manifest bytes; `directory` is where relative paths in the manifest resolve. */
export function validateManifestBytes(
  file: string,
  bytes: Uint8Array,
  directory: string,
): Omit<LoadedManifest, "path"> {
  const parsed = parseYaml(file, bytes);
  const { source, data } = parsed;
  if (source === undefined || data === undefined) {
    return { file, ...(source ? { source } : {}), problems: parsed.problems };
  }
  const withDefaults = structuredClone(data);
  const context: CheckContext = { source, data, directory };
  const problems = sortProblems([
    ...validateSchema(source, withDefaults),
    ...CHECKS.flatMap((check) => check(context)),
  ]);
  // Unused-scope warnings are derived from the rules; while the rules have errors they mislead.
  if (hasErrors(problems)) return { file, source, problems: problems.filter((p) => p.code !== "UNUSED_SCOPE") };
  return { file, source, manifest: withDefaults as unknown as Manifest, problems };
}
