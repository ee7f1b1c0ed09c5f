import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/engine/", import.meta.url));

async function problemLines(file: string, options: { loadHooks?: boolean } = {}): Promise<string[]> {
  const loaded = await loadManifest(file, { cwd: FIXTURES, ...options });
  return loaded.problems.map(formatProblem);
}

describe("validating a manifest against its hooks module", () => {
  it("reports UNKNOWN_HOOK for a step naming a hook the module does not define, listing those it does", async () => {
    const loaded = await loadManifest("hooks-unknown-hook.yaml", { cwd: FIXTURES });

    expect(loaded.manifest).toBeUndefined();
    expect(loaded.problems.map(formatProblem)).toEqual([
      "hooks-unknown-hook.yaml:14:17: UNKNOWN_HOOK hook:lookupPlna is not defined by ./hooks/team-hooks.ts " +
        "(hooks: lookupPlan, explode, hang, tagConversation, resolveQuietly)",
    ]);
  });

  it("reports MISSING_SCOPE, naming the hook, for a scope a hook declares and the manifest does not", async () => {
    expect(await problemLines("hooks-missing-scope.yaml")).toEqual([
      'hooks-missing-scope.yaml:14:17: MISSING_SCOPE rule "tag" needs scope website:conversation:sessions ' +
        "with write access for hook:tagConversation; add it under scopes:",
    ]);
  });

  it("counts the hooks' scopes as used: only the scope nothing uses gets an UNUSED_SCOPE warning", async () => {
    const loaded = await loadManifest("hooks-scopes.yaml", { cwd: FIXTURES });

    expect(loaded.manifest).toBeDefined();
    expect(loaded.hooks?.runner.names.has("tagConversation")).toBe(true);
    expect(loaded.problems.map(formatProblem)).toEqual([
      "hooks-scopes.yaml:11:5: UNUSED_SCOPE warning: no rule needs website:conversation:states with write access",
    ]);
  });

  it("reports no unused scope when the hooks are not loaded, since their scopes are then unknown", async () => {
    expect(await problemLines("hooks-scopes.yaml", { loadHooks: false })).toEqual([]);
  });
});
