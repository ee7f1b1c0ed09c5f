import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linesOf, runCli } from "../cli/run-cli.js";
import {
  CLOSED_REPLY,
  createTempDir,
  HOURS_PLUGIN,
  MONDAY_0859_PARIS,
  pluginYaml,
  type TempDir,
} from "./testing-harness.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir("crisp-test-command-");
});
afterEach(async () => {
  await dir.remove();
});

const REPLY = { action: "send_message", with: { content: CLOSED_REPLY } };
const TAG = { action: "add_segments", rule: "tag" };
const PASSING = {
  name: "answers at night",
  at: "2026-01-05T22:00:00Z",
  events: [{ event: "message:send", expect: [REPLY, TAG] }],
};
const BROKEN = {
  name: "answers at 09:01",
  at: MONDAY_0859_PARIS,
  events: [
    { event: "message:send", expect: [REPLY, TAG] },
    { event: "message:send", after: "2m", expect: [REPLY, { action: "add_segments", with: { segments: ["seen"] } }] },
  ],
};

/** Writes the business-hours plugin with `tests` as `name`. */
async function writeHours(tests: readonly unknown[] | undefined, name = "plugin.yaml"): Promise<void> {
  await dir.write(name, pluginYaml({ ...HOURS_PLUGIN, ...(tests === undefined ? {} : { tests }) }));
}

describe("crisp-plugin test", () => {
  it("prints ✓ per passing test and the count, and exits 0", async () => {
    await writeHours([PASSING]);
    const run = await runCli(["test"], dir.path);
    expect(run).toEqual({ code: 0, stdout: "plugin.yaml\n  ✓ answers at night\n  1 passed, 0 failed\n", stderr: "" });
  });

  it("prints the diff of the failing event and why each rule ran or not, and exits 1", async () => {
    await writeHours([PASSING, BROKEN]);
    const run = await runCli(["test", "plugin.yaml"], dir.path);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)).toEqual([
      "plugin.yaml",
      "  ✓ answers at night",
      "  ✗ answers at 09:01",
      "    event 2 (message:send, after 2m) at 2026-01-05T08:01:00.000Z",
      `    - expected: send_message {"content":"We're closed"}`,
      '    + actual:   add_segments {"segments":["seen","visitor"]} (rule tag)',
      "                action: expected send_message, got add_segments",
      '    - expected: add_segments {"segments":["seen"]}',
      "    + actual:   (nothing)",
      "    why:",
      "      message:send on website test-website, conversation session_test",
      "        ✗ after-hours: not matched: rules[0].if: must not hold, but it is Monday 09:01 in Europe/Paris, within mon-fri 09:00-18:00",
      "        ✓ tag: matched, runs:",
      '            1. add_segments {"segments":["seen","visitor"]}',
      "  1 passed, 1 failed",
    ]);
  });

  it("shows the steps that matched, the parameter that differs, and a step too many", async () => {
    await writeHours([
      {
        name: "wrong greeting",
        at: "2026-01-05T22:00:00Z",
        events: [{ event: "message:send", expect: [{ action: "send_message", with: { content: "Hello" } }] }],
      },
    ]);
    const run = await runCli(["test"], dir.path);
    expect(linesOf(run.stdout).slice(2, 7)).toEqual([
      "    event 1 (message:send) at 2026-01-05T22:00:00.000Z",
      `    - expected: send_message {"content":"Hello"}`,
      `    + actual:   send_message {"content":"We're closed","user":{"nickname":"Bot"},"type":"text","from":"operator","stealth":false} (rule after-hours)`,
      `                with.content: expected "Hello", got "We're closed"`,
      "    - expected: (nothing)",
    ]);

    await writeHours([
      { name: "matched first", at: "2026-01-05T22:00:00Z", events: [{ event: "message:send", expect: [REPLY] }] },
    ]);
    const second = await runCli(["test"], dir.path);
    expect(linesOf(second.stdout).slice(3, 6)).toEqual([
      `      matched:  send_message {"content":"We're closed","user":{"nickname":"Bot"},"type":"text","from":"operator","stealth":false} (rule after-hours)`,
      "    - expected: (nothing)",
      '    + actual:   add_segments {"segments":["seen","visitor"]} (rule tag)',
    ]);
  });

  it("fails a test with invalid settings and says why", async () => {
    await writeHours([{ name: "bad settings", settings: { greeting: 3 }, events: [{ event: "message:send" }] }]);
    const run = await runCli(["test"], dir.path);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)).toEqual([
      "plugin.yaml",
      "  ✗ bad settings",
      "    invalid settings: settings/greeting must be string",
      "  0 passed, 1 failed",
    ]);
  });

  it("runs several manifests with a header each and a total, and exits 1 when one fails", async () => {
    await writeHours([PASSING], "a.yaml");
    await writeHours([BROKEN], "b.yaml");
    await writeHours(undefined, "c.yaml");
    const run = await runCli(["test", "a.yaml", "b.yaml", "c.yaml"], dir.path);
    expect(run.code).toBe(1);
    const lines = linesOf(run.stdout);
    expect(lines.filter((line) => !line.startsWith("    "))).toEqual([
      "a.yaml",
      "  ✓ answers at night",
      "  1 passed, 0 failed",
      "b.yaml",
      "  ✗ answers at 09:01",
      "  0 passed, 1 failed",
      "c.yaml",
      "  no tests",
      "3 manifests: 1 passed, 1 failed",
    ]);
  });

  it("exits 0 when every manifest passes", async () => {
    await writeHours([PASSING], "a.yaml");
    await writeHours([PASSING], "b.yaml");
    expect((await runCli(["test", "a.yaml", "b.yaml"], dir.path)).code).toBe(0);
  });

  it("passes a manifest without tests, unless --require-tests", async () => {
    await writeHours(undefined);
    expect(await runCli(["test"], dir.path)).toEqual({ code: 0, stdout: "plugin.yaml\n  no tests\n", stderr: "" });
    const required = await runCli(["test", "--require-tests"], dir.path);
    expect(required).toEqual({
      code: 1,
      stdout: "plugin.yaml\n  no tests (--require-tests: counts as a failure)\n",
      stderr: "",
    });
  });

  it("prints an invalid manifest's problems as validate does, runs no test, exits 1, and goes on", async () => {
    await writeHours([PASSING], "good.yaml");
    await dir.write(
      "bad.yaml",
      pluginYaml({ ...HOURS_PLUGIN, tests: [{ name: "typo", events: [{ event: "message:sent" }] }] }),
    );
    const run = await runCli(["test", "bad.yaml", "good.yaml"], dir.path);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^bad\.yaml:\d+:\d+: UNKNOWN_EVENT "message:sent" is not a Crisp event \(did you mean "message:send"\?\)\n$/,
    );
    expect(linesOf(run.stdout)).toEqual([
      "bad.yaml",
      "  not run: the manifest has errors",
      "good.yaml",
      "  ✓ answers at night",
      "  1 passed, 0 failed",
      "2 manifests: 1 passed, 0 failed, 1 manifest not run",
    ]);
  });

  it("exits 2 when a manifest cannot be read, after testing the others", async () => {
    await writeHours([PASSING]);
    const run = await runCli(["test", "missing.yaml", "plugin.yaml"], dir.path);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("missing.yaml: cannot read the manifest: no such file\n");
    expect(run.stdout).toContain("  ✓ answers at night\n");
  });

  it("refuses --settings and --at without --record", async () => {
    await writeHours([PASSING]);
    const run = await runCli(["test", "--at", "2026-01-05T10:00:00Z"], dir.path);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "--settings and --at only go with --record\n" });
  });

  it("documents --record and the exit codes in its --help", async () => {
    const run = await runCli(["test", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: crisp-plugin test \[options\] \[manifest\.\.\.\]\n/);
    expect(run.stdout).toContain("--record <event>");
    expect(run.stdout).toContain("Paste it under `tests:` in plugin.yaml");
    expect(run.stdout).toContain("Exit codes: 0 every test passed; 1 a test failed or a manifest has errors; 2");
  });
});
