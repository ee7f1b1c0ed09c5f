import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { linesOf, runCli } from "./run-cli.js";

const HOOKED_MANIFEST = `version: 1
plugin:
  urn: urn:test:no-hooks:0
  name: No Hooks
scopes:
  - scope: website:conversation:messages
    access: [read]
    why: Read visitor messages.
hooks: ./hooks.ts
rules:
  - id: greet
    on: message:send
    do:
      - action: hook:greet
`;

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

  it("--no-hooks checks the manifest without running the hooks module's code", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-no-hooks-"));
    try {
      await writeFile(join(dir, "plugin.yaml"), HOOKED_MANIFEST);
      // Top-level code with a visible effect: a file written when the module is imported.
      await writeFile(
        join(dir, "hooks.ts"),
        'import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("./ran", import.meta.url), "");\nexport default {};\n',
      );

      const skipped = await runCli(["validate", "--no-hooks"], dir);
      expect(skipped).toMatchObject({ code: 0, stdout: "plugin.yaml: valid (1 rule, 1 scope)\n" });
      expect(existsSync(join(dir, "ran"))).toBe(false);

      const loaded = await runCli(["validate"], dir);
      expect(loaded.code).toBe(1);
      expect(loaded.stderr).toContain("UNKNOWN_HOOK");
      expect(existsSync(join(dir, "ran"))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
