import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const DEPCRUISE = join(REPO, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

/** What `npm run lint`'s boundary check (the repository's rules) reports for `src/` under `dir`. */
function violations(dir: string): string[] {
  const run = spawnSync(
    process.execPath,
    [DEPCRUISE, "src", "--config", join(REPO, ".dependency-cruiser.cjs"), "--output-type", "json"],
    { cwd: dir, encoding: "utf8" },
  );
  const result = JSON.parse(run.stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`);
}

describe("the boundaries between core, runtime and devkit", () => {
  it("fail the lint on a core module that imports the runtime", () => {
    expect(violations(join(REPO, "test", "fixtures", "boundaries"))).toEqual([
      "core-imports-runtime: src/core/engine/handle.ts -> src/runtime/store/memory-store.ts",
    ]);
  });
});
