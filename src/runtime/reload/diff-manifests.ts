import { isDeepStrictEqual } from "node:util";
import type { Manifest } from "../../core/manifest/manifest.js";

/** What a reload changes, for people to read. */
export interface ManifestDiff {
  readonly rulesAdded: string[];
  readonly rulesRemoved: string[];
  readonly rulesChanged: string[];
  /** `"<scope> <access>"` entries. */
  readonly scopesAdded: string[];
  readonly scopesRemoved: string[];
  readonly settingsSchemaChanged: boolean;
}

/** Compares two valid manifests rule by rule (by id) and scope by scope. */
export function diffManifests(before: Manifest, after: Manifest): ManifestDiff {
  const oldRules = new Map(before.rules.map((rule) => [rule.id, rule]));
  const newRules = new Map(after.rules.map((rule) => [rule.id, rule]));
  const scopes = (manifest: Manifest): Set<string> =>
    new Set(manifest.scopes.flatMap((entry) => entry.access.map((access) => `${entry.scope} ${access}`)));
  const oldScopes = scopes(before);
  const newScopes = scopes(after);
  return {
    rulesAdded: [...newRules.keys()].filter((id) => !oldRules.has(id)),
    rulesRemoved: [...oldRules.keys()].filter((id) => !newRules.has(id)),
    rulesChanged: [...newRules.keys()].filter(
      (id) => oldRules.has(id) && !isDeepStrictEqual(oldRules.get(id), newRules.get(id)),
    ),
    scopesAdded: [...newScopes].filter((scope) => !oldScopes.has(scope)),
    scopesRemoved: [...oldScopes].filter((scope) => !newScopes.has(scope)),
    settingsSchemaChanged: !isDeepStrictEqual(before.settings, after.settings),
  };
}

/** The diff as lines, empty when nothing that matters changed. */
export function describeDiff(diff: ManifestDiff, events: { added: string[]; dropped: string[] }): string[] {
  const list = (label: string, items: readonly string[]): string[] =>
    items.length === 0 ? [] : [`${label}: ${items.join(", ")}`];
  return [
    ...list("rules added", diff.rulesAdded),
    ...list("rules removed", diff.rulesRemoved),
    ...list("rules changed", diff.rulesChanged),
    ...list("scopes added (the production token may not grant them)", diff.scopesAdded),
    ...list("scopes removed", diff.scopesRemoved),
    ...list("events now listened to", events.added),
    ...list("events no longer listened to", events.dropped),
    ...(diff.settingsSchemaChanged ? ["settings schema changed"] : []),
  ];
}
