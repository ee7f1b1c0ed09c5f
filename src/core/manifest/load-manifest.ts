import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { KitError } from "../errors/kit-error.js";
import type { Check, CheckContext } from "./check-context.js";
import { checkDataReferences } from "./check-data-references.js";
import { checkHooksFile } from "./check-hooks-file.js";
import { checkHttpHosts } from "./check-http-hosts.js";
import { checkRegexes } from "./check-regexes.js";
import { checkRules } from "./check-rules.js";
import { checkScopes } from "./check-scopes.js";
import { checkHooks } from "../hooks/check-hooks.js";
import type { LoadedHooks } from "../hooks/load-hooks.js";
import { checkSettingsSchema } from "./check-settings-schema.js";
import { checkSettingsForm } from "./check-settings-form.js";
import { checkTemplates } from "./check-templates.js";
import { checkTimezones } from "./check-timezones.js";
import { checkRuleGraph } from "./check-rule-graph.js";
import { compileProblems } from "./compile-problems.js";
import { checkTests } from "./check-tests.js";
import { checkWidget } from "./check-widget.js";
import { checkWidgetRules } from "./check-widget-rules.js";
import { checkTypesFile } from "../hooks/check-types-file.js";
import type { Manifest } from "./manifest.js";
import type { ManifestSource } from "./manifest-source.js";
import { parseYaml } from "./parse-yaml.js";
import { formatProblem, hasErrors, sortProblems, type Problem } from "./problem.js";
import { validateSchema } from "./validate-schema.js";

/** The checks beyond the schema, run on every manifest whatever the schema said. */
const CHECKS: readonly Check[] = [
  checkRules,
  checkRegexes,
  checkTemplates,
  checkDataReferences,
  checkTimezones,
  checkSettingsSchema,
  checkSettingsForm,
  checkHooksFile,
  checkHttpHosts,
  checkScopes,
  checkTests,
  checkWidget,
  checkWidgetRules,
  checkTypesFile,
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
  /** The hooks module, when the manifest names one and it loaded. */
  readonly hooks?: LoadedHooks;
}

/**
 * Reads, parses and validates a manifest, reporting every problem at once.
 * Throws a {@link KitError} `MANIFEST_UNREADABLE` only when the file cannot be read at all.
 */
export async function loadManifest(
  file: string,
  options: { cwd?: string; loadHooks?: boolean } = {},
): Promise<LoadedManifest> {
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
  const inspected = inspect(file, bytes, dirname(path));
  const loaded = { path, ...inspected.loaded };
  const { context } = inspected;
  const hooksPath = context?.data.hooks;
  // A module that is missing, or outside the manifest's folder, is never loaded (loading runs it).
  const hooksMissing = loaded.problems.some(
    (problem) => problem.code === "HOOKS_NOT_FOUND" || problem.code === "HOOKS_OUTSIDE_FOLDER",
  );
  if (options.loadHooks === false || typeof hooksPath !== "string" || hooksMissing || context === undefined) {
    return loaded;
  }
  return withHooks(loaded, context, hooksPath);
}

/** Adds what loading the hooks module tells: unknown hooks, and the scopes the hooks need. */
async function withHooks(loaded: LoadedManifest, context: CheckContext, hooksPath: string): Promise<LoadedManifest> {
  const check = await checkHooks(context, hooksPath);
  const scopeCodes = new Set(["MISSING_SCOPE", "DUPLICATE_SCOPE", "UNUSED_SCOPE"]);
  // With the hooks' own scopes known, the scope check is run again on complete information.
  const kept = check.uses ? loaded.problems.filter((problem) => !scopeCodes.has(problem.code)) : loaded.problems;
  const problems = finish([
    ...kept,
    ...(check.uses ? checkScopes(context, check.uses) : []),
    ...check.problems,
    ...(check.hooks ? checkDataReferences(context, hookReturns(check.hooks)) : []),
  ]);
  if (hasErrors(problems) || loaded.manifest === undefined) {
    return { file: loaded.file, path: loaded.path, ...(loaded.source ? { source: loaded.source } : {}), problems };
  }
  return { ...loaded, problems, ...(check.hooks ? { hooks: check.hooks } : {}) };
}

/**
 * The result schema each hook declares (`returns`), for the paths later steps read from it; a hook
 * that declares none is free-form.
 */
function hookReturns(hooks: LoadedHooks): ReadonlyMap<string, unknown> {
  const entries = Object.entries(hooks.definitions).flatMap(([name, definition]) => {
    const returns = (definition as { returns?: unknown }).returns;
    return returns === undefined ? [] : [[name, returns] as const];
  });
  return new Map(entries);
}

/**
 * Sorts problems, one per mistake: a line printed once, and one error per value (the first check
 * to find something wrong at a position tells it). Unused-scope warnings are derived from the
 * rules, and mislead while they have errors.
 */
function finish(problems: readonly Problem[]): Problem[] {
  const sorted = sortProblems(problems);
  const seen = new Set<string>();
  const errorAt = new Set<number>();
  const unique = sorted.filter((problem) => {
    const line = formatProblem(problem);
    if (seen.has(line) || (problem.severity === "error" && errorAt.has(problem.offset))) return false;
    seen.add(line);
    if (problem.severity === "error") errorAt.add(problem.offset);
    return true;
  });
  return hasErrors(unique) ? unique.filter((problem) => problem.code !== "UNUSED_SCOPE") : unique;
}

/**
 * Validates manifest bytes without loading hooks; `directory` is where relative paths in the
 * manifest resolve.
 */
export function validateManifestBytes(
  file: string,
  bytes: Uint8Array,
  directory: string,
): Omit<LoadedManifest, "path"> {
  return inspect(file, bytes, directory).loaded;
}

/** Parses and checks; also returns the check context (raw data and positions) when it parsed. */
function inspect(
  file: string,
  bytes: Uint8Array,
  directory: string,
): { loaded: Omit<LoadedManifest, "path">; context?: CheckContext } {
  const parsed = parseYaml(file, bytes);
  const { source, data } = parsed;
  if (source === undefined || data === undefined) {
    return { loaded: { file, ...(source ? { source } : {}), problems: parsed.problems } };
  }
  const withDefaults = structuredClone(data);
  const context: CheckContext = { source, data, directory };
  const checked = finish([...validateSchema(source, withDefaults), ...CHECKS.flatMap((check) => check(context))]);
  if (hasErrors(checked)) return { loaded: { file, source, problems: checked }, context };
  const manifest = withDefaults as unknown as Manifest;
  const compiled = compileProblems(context, manifest);
  const analysis = compiled.length === 0 ? checkRuleGraph(context, manifest) : [];
  const problems = finish([...checked, ...compiled, ...analysis]);
  if (hasErrors(problems)) return { loaded: { file, source, problems }, context };
  return { loaded: { file, source, manifest, problems }, context };
}
