import type { Manifest } from "./manifest.js";

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
      const rows = scopes.map((s) => `| \`${s.scope}\` | ${s.access.join(", ")} | ${escapeCell(s.why)} |`);
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

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
