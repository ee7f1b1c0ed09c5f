import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { linesOf, runCli } from "./run-cli.js";

/**
 * A new user's first manifest (test/fixtures/manifests/new-user.yaml) has three mistakes: no
 * plugin.name, the event `message:sent` for `message:send`, and the pattern "hello(". Line 3 is
 * `plugin:`, line 10 `    on: message:sent` (value at column 9), line 12
 * `      - { path: data.content, matches: "hello(" }` (the quoted pattern at column 40).
 */
describe("a new user validating a manifest with three mistakes", () => {
  it("gets exactly three lines, one per mistake, each pointing at the mistake, and exit 1", async () => {
    const run = await runCli(["validate", "new-user.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toEqual([
      "new-user.yaml:3:1: MISSING_FIELD plugin.name is required",
      'new-user.yaml:10:9: UNKNOWN_EVENT "message:sent" is not a Crisp event (did you mean "message:send"?)',
      'new-user.yaml:12:40: INVALID_REGEX "hello(" is not a valid regular expression: Unterminated group',
    ]);
  });

  it("gets the same three lines, and exit 1, from every command that reads the manifest", async () => {
    const validate = await runCli(["validate", "new-user.yaml"], FIXTURES_DIR);
    for (const command of [["scopes"], ["scopes", "--check"], ["settings-schema"], ["check", "--submission"]]) {
      const run = await runCli([...command, "new-user.yaml"], FIXTURES_DIR);
      expect(run).toEqual({ code: 1, stdout: "", stderr: validate.stderr });
    }
  });
});
