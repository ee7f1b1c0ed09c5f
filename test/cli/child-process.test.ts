import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { REPO_ROOT } from "./run-cli.js";

const BIN = join(REPO_ROOT, "bin", "crisp-plugin.js");
const BUILT = existsSync(join(REPO_ROOT, "dist", "cli", "main.js"));

/** Runs the published entry point as a real process, as `npx crisp-plugin` would. */
function spawnCli(args: readonly string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ status: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}

// bin/crisp-plugin.js runs the compiled dist/; without a build there is nothing to spawn. The
// in-process tests run the same `main` from src/ and cover the rest.
describe
  .skipIf(!BUILT)
  .concurrent("bin/crisp-plugin.js as a child process (skipped: dist/ is not built, run `npm run build`)", () => {
    it("sets exit status 0 and prints the summary for the root plugin.yaml", async () => {
      const run = await spawnCli(["validate"], REPO_ROOT);
      expect(run).toEqual({ status: 0, stdout: "plugin.yaml: valid (2 rules, 2 scopes)\n", stderr: "" });
    });

    it("sets exit status 1 and prints FILE:LINE:COL: CODE lines on stderr for an invalid manifest", async () => {
      const run = await spawnCli(["validate", "unknown-action.yaml"], FIXTURES_DIR);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^unknown-action\.yaml:13:17: UNKNOWN_ACTION /);
    });

    it("sets exit status 2 for a manifest that does not exist", async () => {
      const run = await spawnCli(["validate", "no-such-plugin.yaml"], FIXTURES_DIR);
      expect(run).toEqual({
        status: 2,
        stdout: "",
        stderr: "no-such-plugin.yaml: cannot read the manifest: no such file\n",
      });
    });
  });
