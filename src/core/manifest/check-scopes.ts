import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";
import { requiredScopes } from "./required-scopes.js";
import type { ScopeUse } from "./scope-use.js";
import { isPlain } from "./walk-rules.js";

/**
 * Scopes the rules (and, once loaded, their hooks) need but the manifest does not declare
 * (errors), scopes declared twice, and declared scopes or access nothing uses (warnings, reported
 * only when every use is known: no hooks, or hooks loaded and their `hookUses` given).
 */
export function checkScopes(context: CheckContext, hookUses?: readonly ScopeUse[]): Problem[] {
  const declared = declaredScopes(context);
  const problems: Problem[] = [];
  const used = new Set<string>();
  // One line per rule and scope, with every access it lacks (read and write are one mistake).
  const missing = new Map<string, { use: ScopeUse; access: string[]; reasons: string[] }>();
  for (const use of [...requiredScopes(context.data), ...(hookUses ?? [])]) {
    const key = `${use.scope} ${use.access}`;
    used.add(key);
    if (declared.access.get(use.scope)?.has(use.access)) continue;
    const entry = missing.get(`${use.ruleId} ${use.scope}`) ?? { use, access: [], reasons: [] };
    if (!entry.access.includes(use.access)) entry.access.push(use.access);
    if (!entry.reasons.includes(use.reason)) entry.reasons.push(use.reason);
    missing.set(`${use.ruleId} ${use.scope}`, entry);
  }
  for (const { use, access, reasons } of missing.values()) {
    const held = declared.access.get(use.scope);
    const fix =
      held === undefined
        ? "add it under scopes:"
        : `it is declared with ${[...held].join(" and ") || "no"} access only: add ${access.join(" and ")} to its access list`;
    problems.push(
      problemAt(
        context,
        use.path,
        "MISSING_SCOPE",
        `${use.owner ?? `rule "${use.ruleId}"`} needs scope ${use.scope} with ${access.join(" and ")} access for ${reasons.join(" and ")}; ${fix}`,
      ),
    );
  }
  problems.push(...declared.problems);
  if (context.data.hooks !== undefined && hookUses === undefined) return problems;
  for (const { scope, access, index } of declared.entries) {
    for (const permission of access) {
      if (used.has(`${scope} ${permission}`)) continue;
      problems.push(
        problemAt(context, ["scopes", index], "UNUSED_SCOPE", `no rule needs ${scope} with ${permission} access`),
      );
    }
  }
  return problems;
}

interface Declared {
  entries: { scope: string; access: string[]; index: number }[];
  access: Map<string, Set<string>>;
  problems: Problem[];
}

function declaredScopes(context: CheckContext): Declared {
  const declared: Declared = { entries: [], access: new Map(), problems: [] };
  const scopes = Array.isArray(context.data.scopes) ? (context.data.scopes as unknown[]) : [];
  scopes.forEach((entry, index) => {
    if (!isPlain(entry) || typeof entry.scope !== "string") return;
    const access = Array.isArray(entry.access)
      ? entry.access.filter((item): item is string => typeof item === "string")
      : [];
    if (declared.access.has(entry.scope)) {
      declared.problems.push(
        problemAt(context, ["scopes", index, "scope"], "DUPLICATE_SCOPE", `${entry.scope} is listed more than once`),
      );
    }
    const set = declared.access.get(entry.scope) ?? new Set<string>();
    access.forEach((item) => set.add(item));
    declared.access.set(entry.scope, set);
    declared.entries.push({ scope: entry.scope, access, index });
  });
  return declared;
}
