import type { Access, Scope, ScopeNeed } from "../../core/crisp/scope-catalog.js";

/** One scope of a production token, with the access granted; a manifest's `scopes:` entry fits. */
export interface ScopeGrant {
  readonly scope: Scope;
  readonly access: readonly Access[];
}

/**
 * Whether a token may call a route needing `need`. Without grants the token is a development token,
 * which Crisp does not restrict by scope; a route needing no scope is open to every plugin token.
 */
export function isScopeGranted(grants: readonly ScopeGrant[] | undefined, need: ScopeNeed | null): boolean {
  if (grants === undefined || need === null) return true;
  return grants.some((grant) => grant.scope === need.scope && grant.access.includes(need.access));
}
