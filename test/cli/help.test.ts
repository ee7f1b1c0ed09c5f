import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const COMMANDS = ["validate", "scopes", "settings-schema", "check"] as const;

describe("crisp-plugin --help", () => {
  it("exits 0 and lists every command", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Usage: crisp-plugin \[options\] \[command\]\n/);
    for (const command of COMMANDS) expect(run.stdout).toContain(`\n  ${command} `);
  });

  it.each(COMMANDS)("exits 0 and prints the usage of %s, its manifest argument included", async (command) => {
    const run = await runCli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(new RegExp(`^Usage: crisp-plugin ${command} \\[options\\] \\[manifest\\]\\n`));
    expect(run.stdout).toMatch(/\n {2}manifest +path of the manifest \(default: "plugin\.yaml"\)\n/);
  });

  it.each(COMMANDS)("prints the same usage for `help %s`", async (command) => {
    const [viaHelp, viaOption] = await Promise.all([runCli(["help", command]), runCli([command, "--help"])]);
    expect(viaHelp).toEqual(viaOption);
  });

  it("documents the scopes formats and --check", async () => {
    const { stdout } = await runCli(["scopes", "--help"]);
    expect(stdout).toContain('(choices: "text", "json", "markdown",');
    expect(stdout).toContain("--check");
  });

  it("prints the usage when run with no command", async () => {
    const run = await runCli([]);
    expect(`${run.stdout}${run.stderr}`).toMatch(/^Usage: crisp-plugin \[options\] \[command\]\n/);
  });
});
