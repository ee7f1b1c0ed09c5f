import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { linesOf, runCli } from "../cli/run-cli.js";
import { createTempDir, HOURS_PLUGIN, pluginYaml, type TempDir } from "./testing-harness.js";

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir("crisp-record-");
  await dir.write("plugin.yaml", pluginYaml(HOURS_PLUGIN));
  await dir.write("event.json", JSON.stringify(BODY));
  await dir.write("settings.yaml", "greeting: Good night\n");
});
afterEach(async () => {
  await dir.remove();
});

const WEBSITE = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
/** A Web Hooks body whose website is only at the top level, as Crisp may send it. */
const BODY = {
  website_id: WEBSITE,
  event: "message:send",
  data: { session_id: "session_1", type: "text", from: "user", origin: "chat", content: "Hello?", fingerprint: 42 },
  timestamp: 1767650400000,
};
const NIGHT = "2026-01-05T22:00:00Z";

describe("crisp-plugin test --record", () => {
  it("prints a tests: entry expecting every step that ran, with its rule and full rendered parameters", async () => {
    const run = await runCli(
      ["test", "--record", "event.json", "--settings", "settings.yaml", "--at", NIGHT],
      dir.path,
    );

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(
      /^# Recorded by crisp-plugin test --record: paste under `tests:` in plugin\.yaml\.\n- name: /,
    );
    expect(parse(run.stdout)).toEqual([
      {
        name: "message:send (event.json)",
        settings: { greeting: "Good night" },
        at: NIGHT,
        events: [
          {
            event: "message:send",
            data: { ...BODY.data, website_id: WEBSITE },
            expect: [
              {
                action: "send_message",
                rule: "after-hours",
                with: {
                  content: "Good night",
                  user: { nickname: "Bot" },
                  type: "text",
                  from: "operator",
                  stealth: false,
                },
              },
              { action: "add_segments", rule: "tag", with: { segments: ["seen", "visitor"] } },
            ],
          },
        ],
      },
    ]);
  });

  it("records a test that passes once appended to the manifest", async () => {
    const recorded = await runCli(
      ["test", "--record", "event.json", "--settings", "settings.yaml", "--at", NIGHT],
      dir.path,
    );
    const manifest = await readFile(join(dir.path, "plugin.yaml"), "utf8");
    await dir.write("plugin.yaml", `${manifest}tests:\n${recorded.stdout}`);

    const run = await runCli(["test"], dir.path);
    expect(run).toEqual({
      code: 0,
      stdout: "plugin.yaml\n  ✓ message:send (event.json)\n  1 passed, 0 failed\n",
      stderr: "",
    });
  });

  it("records `expect: []` when no rule runs, and the settings as written (defaults left to the schema)", async () => {
    await dir.write("event.json", JSON.stringify({ ...BODY, event: "message:received" }));
    const run = await runCli(["test", "--record", "event.json", "--at", NIGHT], dir.path);
    const [test] = parse(run.stdout) as [{ settings: unknown; events: [{ expect: unknown }] }];
    expect(test.settings).toEqual({});
    expect(test.events[0].expect).toEqual([]);
  });

  it("records at the time given, so a time condition is decided as the test will decide it", async () => {
    const run = await runCli(["test", "--record", "event.json", "--at", "2026-01-05T10:00:00.000Z"], dir.path);
    const [test] = parse(run.stdout) as [{ at: string; events: [{ expect: { action: string }[] }] }];
    expect(test.at).toBe("2026-01-05T10:00:00Z");
    expect(test.events[0].expect.map((step) => step.action)).toEqual(["add_segments"]);
  });

  it.each([
    [["--record", "missing.json"], "missing.json: cannot read: ENOENT"],
    [["--record", "settings.yaml"], "settings.yaml: not valid JSON (Unexpected token"],
    [
      ["--record", "event.json", "--at", "tomorrow"],
      "--at tomorrow: not an ISO 8601 time such as 2026-01-05T20:00:00Z",
    ],
    [
      ["--record", "event.json", "--settings", "event.json", "plugin.yaml", "plugin.yaml"],
      "--record takes one manifest",
    ],
  ])("exits 2 on a usage or file error: %j", async (argv, message) => {
    const run = await runCli(["test", ...argv], dir.path);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)[0]).toContain(message);
  });

  it("refuses an event file that is not a Crisp event", async () => {
    await dir.write("event.json", JSON.stringify({ ...BODY, event: "message:sent" }));
    const run = await runCli(["test", "--record", "event.json"], dir.path);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: 'event.json: not a Crisp event: "message:sent" is not a Crisp RTM event\n',
    });
  });

  it("exits 1 with the reason when the settings do not match the schema", async () => {
    await dir.write("settings.yaml", "greeting: 3\n");
    const run = await runCli(["test", "--record", "event.json", "--settings", "settings.yaml"], dir.path);
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: "settings.yaml: invalid settings: settings/greeting must be string\n",
    });
  });
});
