import { compileRuleSet } from "../engine/compile-rule-set.js";
import { createTemplateEnvironment } from "../templates/create-template-environment.js";
import type { CheckContext } from "./check-context.js";
import { problemAt } from "./check-context.js";
import type { DataPath } from "./manifest-source.js";
import type { Manifest, RuleSpec } from "./manifest.js";
import type { Problem } from "./problem.js";

/**
 * Compiles each rule as the engine will, and turns whatever fails into a problem at the place it
 * names. The checks before this one report every mistake they know with a better message; this is
 * the guarantee that no manifest `validate` accepts makes `simulate`, `test`, `dev` or `run` fail
 * when the rules compile.
 */
export function compileProblems(context: CheckContext, manifest: Manifest): Problem[] {
  // The usual case, in one pass (compiling rule by rule below costs the square of the rules), and
  // the rule set the runtime then runs: it is kept for this manifest object.
  try {
    compileRuleSet(manifest);
    return [];
  } catch {
    // Some rule fails: each is compiled alone to report every one that does.
  }
  const env = createTemplateEnvironment();
  return manifest.rules.flatMap((_rule, index) => {
    // The other rules are left empty, so that one rule's failure does not hide the next one's.
    const rules = manifest.rules.map((rule, other) => (other === index ? rule : emptied(rule)));
    try {
      compileRuleSet({ ...manifest, rules }, env);
      return [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const { path, reason } = splitLocation(message, index);
      return [problemAt(context, path, "INVALID_VALUE", reason)];
    }
  });
}

function emptied(rule: RuleSpec): RuleSpec {
  // Only what the engine compiles is left out: conditions, guards and steps.
  return Object.fromEntries(
    Object.entries({ ...rule, do: [] }).filter(([key]) => key !== "if" && key !== "cooldown"),
  ) as unknown as RuleSpec;
}

/** `rules[0].if[1].time.timezone: "x" is not...` into the path and the message. */
function splitLocation(message: string, index: number): { path: DataPath; reason: string } {
  const match = /^(rules\[\d+\](?:\.[A-Za-z_][\w-]*|\[\d+\])*):?\s*(.*)$/s.exec(message);
  if (match === null) return { path: ["rules", index], reason: `rules[${index}]: ${message}` };
  const [, location = "", rest = ""] = match;
  const path = [...location.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((part) =>
    part[2] === undefined ? (part[1] ?? "") : Number(part[2]),
  );
  return { path, reason: `${location} ${rest}` };
}
