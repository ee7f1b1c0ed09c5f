import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateManifestBytes } from "../../src/core/manifest/load-manifest.js";
import { recipeManifest, RECIPE_NAMES } from "../recipes/recipe-names.js";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { linesOf, REPO_ROOT, runCli } from "./run-cli.js";

describe("crisp-plugin graph", () => {
  it("prints each rule, the events its steps cause on Crisp, the rules they reach, and the loop nothing breaks", async () => {
    const run = await runCli(["graph", "rule-loop.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "reopen (on session:set_segments; include_own_events)",
        "  do[0] set_state causes session:set_state: tag-unresolved (runs it)",
        "tag-unresolved (on session:set_state; include_own_events)",
        "  do[0] add_segments causes session:set_segments: reopen (runs it)",
        "mark-once (on session:set_data; include_own_events)",
        '  do[0] set_data causes session:set_data: itself (stopped by its condition data.data.marked not_equals true, false for session:set_data with data: {"marked":true})',
        "",
        "Loop: reopen -> tag-unresolved",
        "",
      ].join("\n"),
    );
    // The loop is also the validate warning, printed as validate prints it.
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^rule-loop\.yaml:15:5: RULE_LOOP warning: /)]);
  });

  it("draws the links as a Mermaid flowchart, a link a guard stops dashed", async () => {
    const run = await runCli(["graph", "rule-loop.yaml", "--format", "mermaid"], FIXTURES_DIR);
    expect(linesOf(run.stdout)).toEqual([
      "flowchart LR",
      '  r0["reopen<br/>on session:set_segments"]',
      '  r1["tag-unresolved<br/>on session:set_state"]',
      '  r2["mark-once<br/>on session:set_data"]',
      '  r0 -->|"set_state → session:set_state"| r1',
      '  r1 -->|"add_segments → session:set_segments"| r0',
      '  r2 -.->|"set_data → session:set_data (guarded)"| r2',
    ]);
  });

  it("draws a Graphviz digraph: a rule that opts into its own events follows the plugin's own echo", async () => {
    // email-capture's record-lead sets include_own_events: the email the plugin saves triggers it.
    const run = await runCli(["graph", "recipes/email-capture/plugin.yaml", "--format", "dot"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('r0 -> r2 [label="update_meta → session:set_email"];');
  });

  it("finds no loop in the root plugin.yaml", async () => {
    const run = await runCli(["graph"]);
    expect(run.stdout).toContain("No loop: every chain of rules ends, or a guard stops it.");
  });

  it("finds no analysis warning (no false loop) in the root plugin.yaml and any recipe", () => {
    const ANALYSIS = ["RULE_LOOP", "CONFLICTING_WRITES", "RULE_NEVER_RUNS"];
    for (const file of ["plugin.yaml", ...RECIPE_NAMES.map(recipeManifest)]) {
      const path = join(REPO_ROOT, file);
      const loaded = validateManifestBytes(file, readFileSync(path), dirname(path));
      expect({ file, problems: loaded.problems.filter((problem) => ANALYSIS.includes(problem.code)) }).toEqual({
        file,
        problems: [],
      });
      expect(loaded.manifest, file).toBeDefined();
    }
  });

  it("prints a broken manifest's problems as validate does, and exit 1", async () => {
    const validate = await runCli(["validate", "unknown-event.yaml"], FIXTURES_DIR);
    const run = await runCli(["graph", "unknown-event.yaml"], FIXTURES_DIR);
    expect(run).toEqual({ code: 1, stdout: "", stderr: validate.stderr });
  });
});
