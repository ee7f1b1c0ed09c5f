import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/run-cli.js";

const run = promisify(execFile);
const BIN = join(REPO_ROOT, "bin", "crisp-plugin.js");
/**
 * npm install reads the registry (or its cache) for TypeScript, so CI runs it. `--ignore-scripts`:
 * the kit the project links to is this checkout, built and installed already (`npm ci`, and the
 * suite's global setup); its scripts would rebuild it, native addon included, in this checkout's
 * own node_modules while other tests use it (about 50 s, and a hazard for them).
 */
const IN_CI = process.env.CI === "true";

let workspace: string | undefined;
afterEach(async () => {
  if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
  workspace = undefined;
});

describe.skipIf(!IN_CI)("a project made by crisp-plugin init (CI=true: it runs npm install)", () => {
  it("installs with no registry serving the kit, type-checks its hooks and passes its tests", async () => {
    workspace = await mkdtemp(join(tmpdir(), "crisp-plugin-project-"));
    const project = join(workspace, "my");
    const inWorkspace = { cwd: workspace, env: { ...process.env, npm_config_update_notifier: "false" } };
    const inProject = { ...inWorkspace, cwd: project };

    await run(process.execPath, [BIN, "init", "my", "--recipe", "keyword-router"], inWorkspace);
    await run("npm", ["install", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"], inProject);
    const tsc = await run("npx", ["tsc", "--noEmit"], inProject);
    const tests = await run("npm", ["test"], inProject);

    expect(tsc.stdout).toBe("");
    expect(tests.stdout).toMatch(/\n {2}\d+ passed, 0 failed\n/);
  }, 300_000);
});
