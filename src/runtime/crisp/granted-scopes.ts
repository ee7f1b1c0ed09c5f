import type { DeclaredScope } from "../../core/manifest/manifest.js";

/** The manifest's scopes as `"<scope> <access>"` entries, the form the gateway checks. */
export function grantedScopes(scopes: readonly DeclaredScope[]): ReadonlySet<string> {
  return new Set(scopes.flatMap((entry) => entry.access.map((access) => `${entry.scope} ${access}`)));
}
