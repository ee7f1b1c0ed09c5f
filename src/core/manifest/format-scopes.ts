import type { Manifest } from "./manifest.js";
import { requiredScopes } from "./required-scopes.js";
import type { Plain } from "./walk-rules.js";

/** Output formats of `crisp-plugin scopes`. */
export const SCOPE_FORMATS = ["text", "json", "markdown"] as const;
/** One of {@link SCOPE_FORMATS}. */
export type ScopeFormat = (typeof SCOPE_FORMATS)[number];

/** The manifest's scopes, ready to paste into a production-token request. */
export function formatScopes(manifest: Manifest, format: ScopeFormat): string {
  const scopes = manifest.scopes.map((scope) => ({
    scope: scope.scope,
    access: [...scope.access],
    why: scope.why ?? "",
  }));
  switch (format) {
    case "json":
      return `${JSON.stringify({ scopes }, null, 2)}\n`;
    case "markdown": {
      const uses = usesByScope(manifest);
      const rows = scopes.map((s) => {
        const usedBy = uses.get(s.scope);
        const lead = s.why === "" ? "" : /[.!?]$/.test(s.why) ? `${s.why} ` : `${s.why}. `;
        const why = usedBy === undefined ? s.why : `${lead}Used by ${usedBy}.`;
        return `| \`${s.scope}\` | ${s.access.join(", ")} | ${escapeCell(why)} |`;
      });
      return `${["| Scope | Access | Why |", "| --- | --- | --- |", ...rows].join("\n")}\n`;
    }
    case "text": {
      if (scopes.length === 0) return "(no scopes declared)\n";
      const width = Math.max(...scopes.map((s) => s.scope.length));
      const accessWidth = Math.max(...scopes.map((s) => s.access.join(", ").length));
      return scopes
        .map((s) => `${s.scope.padEnd(width)}  ${s.access.join(", ").padEnd(accessWidth)}  ${s.why}`.trimEnd())
        .join("\n")
        .concat("\n");
    }
  }
}

/**
 * For each scope, the rules and steps that use it, after the author's why: `rule "after-hours"
 * (event message:send; step do[0] send_message)`. The hooks' own scopes are not known here.
 */
function usesByScope(manifest: Manifest): Map<string, string> {
  const byScope = new Map<string, Map<string, string[]>>();
  for (const use of requiredScopes(manifest as unknown as Plain)) {
    const rules = byScope.get(use.scope) ?? new Map<string, string[]>();
    const step =
      use.path[2] === "do" ? `step do[${String(use.path[3])}] ${use.reason.replace(/^action /, "")}` : use.reason;
    const reasons = rules.get(use.ruleId) ?? [];
    if (!reasons.includes(step)) reasons.push(step);
    rules.set(use.ruleId, reasons);
    byScope.set(use.scope, rules);
  }
  return new Map(
    [...byScope].map(([scope, rules]) => [
      scope,
      [...rules].map(([rule, reasons]) => `rule "${rule}" (${reasons.join("; ")})`).join(", "),
    ]),
  );
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
