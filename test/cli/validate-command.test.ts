import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { linesOf, runCli } from "./run-cli.js";

describe("crisp-plugin validate", () => {
  it("reads plugin.yaml in the working directory when given no path", async () => {
    expect(await runCli(["validate"])).toEqual(await runCli(["validate", "plugin.yaml"]));
  });

  it("counts rules, scopes and warnings in its summary, and prints the warnings on stderr", async () => {
    const run = await runCli(["validate", "unused-scope.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("unused-scope.yaml: valid (1 rule, 2 scopes, 2 warnings)\n");
    expect(linesOf(run.stderr)).toEqual([
      "unused-scope.yaml:7:5: UNUSED_SCOPE warning: no rule needs website:conversation:messages with write access",
      "unused-scope.yaml:9:5: UNUSED_SCOPE warning: no rule needs website:people:profiles with read access",
    ]);
  });

  it("accepts a manifest saved with a byte order mark", async () => {
    const run = await runCli(["validate", "bom.yaml"], FIXTURES_DIR);
    expect(run).toEqual({ code: 0, stdout: "bom.yaml: valid (1 rule, 1 scope)\n", stderr: "" });
  });

  it("prints problem lines with the path as the user typed it", async () => {
    const run = await runCli(["validate", "test/fixtures/manifests/unknown-action.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'test/fixtures/manifests/unknown-action.yaml:13:17: UNKNOWN_ACTION "send_mesage" is not an action (did you mean "send_message"?)\n',
    );
  });

  it("prints nothing but one line per problem for a hostile alias bomb, and exits 1", async () => {
    const run = await runCli(["validate", "alias-bomb.yaml"], FIXTURES_DIR);
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: "alias-bomb.yaml:3:8: ALIAS_BOMB aliases expand to more than 100 nodes (an alias bomb?)\n",
    });
  });

  it("prints EMPTY_MANIFEST and exits 1 for an empty file, instead of crashing", async () => {
    const run = await runCli(["validate", "empty.yaml"], FIXTURES_DIR);
    expect(run).toEqual({ code: 1, stdout: "", stderr: "empty.yaml:1:1: EMPTY_MANIFEST the manifest is empty\n" });
  });
});
