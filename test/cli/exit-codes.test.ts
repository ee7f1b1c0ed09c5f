import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const COMMANDS = [["validate"], ["scopes"], ["settings-schema"], ["check", "--submission"]].map((argv) => ({
  name: argv.join(" "),
  argv,
}));

describe("crisp-plugin exit codes", () => {
  it("exits 0 and prints a summary when the manifest is valid", async () => {
    const run = await runCli(["validate"]);
    expect(run).toEqual({ code: 0, stdout: "plugin.yaml: valid (2 rules, 2 scopes)\n", stderr: "" });
  });

  it("exits 0 when the manifest has only warnings", async () => {
    const run = await runCli(["validate", "unused-scope.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(0);
  });

  it.each(COMMANDS)(
    "exits 1, printing nothing on stdout, when $name is given a manifest with errors",
    async ({ argv }) => {
      const run = await runCli([...argv, "unknown-event.yaml"], FIXTURES_DIR);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(
        'unknown-event.yaml:11:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)\n',
      );
    },
  );

  it.each(COMMANDS)("exits 2 and names the file when $name is given a file that does not exist", async ({ argv }) => {
    const run = await runCli([...argv, "no-such-plugin.yaml"], FIXTURES_DIR);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "no-such-plugin.yaml: cannot read the manifest: no such file\n",
    });
  });

  it("exits 2 when the manifest path is a directory", async () => {
    const run = await runCli(["validate", "test"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^test: cannot read the manifest: /);
  });

  it("exits 2 on an unknown command, suggesting the closest one", async () => {
    const run = await runCli(["valdate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'valdate'");
    expect(run.stderr).toContain("(Did you mean validate?)");
  });

  it("exits 2 on a --format value that is not text, json or markdown, listing the choices", async () => {
    const run = await runCli(["scopes", "--format", "xml"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json, markdown.");
  });

  it("exits 2 when --format has no value", async () => {
    const run = await runCli(["scopes", "--format"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--format <format>' argument missing");
  });

  it("exits 2 when a command is given two manifests", async () => {
    const run = await runCli(["validate", "plugin.yaml", "other.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("too many arguments for 'validate'");
  });

  it("exits 2 when check is run without --submission", async () => {
    const run = await runCli(["check"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--submission' not specified");
  });

  it("exits 2 on an unknown option", async () => {
    const run = await runCli(["validate", "--strict"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--strict'");
  });

  it("exits 0 and prints the package version for --version", async () => {
    const { version } = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, "utf8")) as { version: string };
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});
