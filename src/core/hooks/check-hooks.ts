import { resolve } from "node:path";
import { KitError } from "../errors/kit-error.js";
import { problemAt, type CheckContext } from "../manifest/check-context.js";
import type { Problem } from "../manifest/problem.js";
import type { ScopeUse } from "../manifest/scope-use.js";
import { rawRules, rawSteps } from "../manifest/walk-rules.js";
import type { Access, Scope } from "../crisp/scope-catalog.js";
import { HOOK_PREFIX } from "../actions/catalog.js";
import { loadHooks, type LoadedHooks } from "./load-hooks.js";

/** The outcome of loading a manifest's hooks module for validation. */
export interface HookCheck {
  readonly hooks?: LoadedHooks;
  /** `HOOKS_LOAD_FAILED` and `UNKNOWN_HOOK` problems. */
  readonly problems: Problem[];
  /** The scopes the hook steps need, as their hooks declare; undefined when loading failed. */
  readonly uses?: ScopeUse[];
}

/**
 * Loads the hooks module named by `hooks:` (executing it, as the runtime would) and checks that
 * every `hook:<name>` step names a hook it defines; returns the scopes those hooks declare.
 */
export async function checkHooks(context: CheckContext, hooksPath: string): Promise<HookCheck> {
  let hooks: LoadedHooks;
  try {
    hooks = await loadHooks(resolve(context.directory, hooksPath));
  } catch (error) {
    const message = error instanceof KitError ? error.message : String(error);
    return { problems: [problemAt(context, ["hooks"], "HOOKS_LOAD_FAILED", message)] };
  }
  const problems: Problem[] = [];
  const uses: ScopeUse[] = [];
  for (const rule of rawRules(context.data)) {
    const ruleId = typeof rule.rule.id === "string" ? rule.rule.id : `rules[${String(rule.path[1])}]`;
    for (const step of rawSteps(rule)) {
      const action = step.step.action;
      if (typeof action !== "string" || !action.startsWith(HOOK_PREFIX)) continue;
      const name = action.slice(HOOK_PREFIX.length);
      const path = [...step.path, "action"];
      const definition = hooks.definitions[name];
      if (definition === undefined) {
        const known = Object.keys(hooks.definitions).join(", ") || "none";
        problems.push(
          problemAt(context, path, "UNKNOWN_HOOK", `${action} is not defined by ${hooksPath} (hooks: ${known})`),
        );
        continue;
      }
      for (const entry of definition.scopes ?? []) {
        const [scope, access] = entry.split(" ") as [Scope, Access];
        uses.push({ scope, access, ruleId, reason: action, path });
      }
    }
  }
  return { hooks, problems, uses };
}
