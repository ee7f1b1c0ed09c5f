import { describe, expect, it } from "vitest";
import { checkManifest, formatProblem } from "../../src/entry-runtime.js";
import { FIXTURES_DIR } from "./manifest-fixture.js";

describe("checkManifest, validate from an embedder's program", () => {
  it("answers valid with the warnings of a manifest that validate accepts", async () => {
    const check = await checkManifest("unused-scope.yaml", { cwd: FIXTURES_DIR });

    expect(check.valid).toBe(true);
    expect(check.problems.map(formatProblem)).toEqual([
      "unused-scope.yaml:7:5: UNUSED_SCOPE warning: no rule needs website:conversation:messages with write access",
      "unused-scope.yaml:9:5: UNUSED_SCOPE warning: no rule needs website:people:profiles with read access",
    ]);
  });

  it("answers not valid, with the problem lines validate prints, for a manifest with errors", async () => {
    const check = await checkManifest("unknown-action.yaml", { cwd: FIXTURES_DIR });

    expect(check.valid).toBe(false);
    expect(check.problems.map(formatProblem)).toEqual([
      'unknown-action.yaml:13:17: UNKNOWN_ACTION "send_mesage" is not an action (did you mean "send_message"?)',
    ]);
  });

  it("rejects with MANIFEST_UNREADABLE when there is no file", async () => {
    await expect(checkManifest("no-such-plugin.yaml", { cwd: FIXTURES_DIR })).rejects.toMatchObject({
      code: "MANIFEST_UNREADABLE",
    });
  });
});
