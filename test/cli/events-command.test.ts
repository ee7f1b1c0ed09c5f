import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createTempDir } from "../manifest/manifest-fixture.js";
import { runCli } from "./run-cli.js";

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

/** A manifest with two rules on one event, a delay cancelled by another, and a rule on a third. */
async function escalation(): Promise<string> {
  const file = join(tempDir.path, "escalation.yaml");
  await writeFile(
    file,
    stringify({
      version: 1,
      plugin: { urn: "urn:acme:escalation:0", name: "Escalation" },
      scopes: [
        { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer visitors." },
        { scope: "website:conversation:states", access: ["read"], why: "Follow resolutions." },
      ],
      rules: [
        {
          id: "wait-for-operator",
          on: "message:send",
          do: [
            { action: "delay", with: { for: "5m", cancel_on: ["message:received"] } },
            { action: "send_message", with: { content: "We are on it." } },
          ],
        },
        { id: "thanks", on: "message:send", do: [{ action: "send_message", with: { content: "Thanks!" } }] },
        { id: "bye", on: "session:set_state", do: [{ action: "log", with: { message: "state changed" } }] },
      ],
    }),
  );
  return file;
}

describe("crisp-plugin events", () => {
  it("lists the events to tick for Web Hooks: the rules', those that cancel a delay, and the lifecycle, as JSON", async () => {
    const run = await runCli(["events", await escalation(), "--format", "json"]);

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual({
      events: [
        { event: "message:send", why: ["rule wait-for-operator", "rule thanks"] },
        { event: "message:received", why: ["cancels the delay of rule wait-for-operator"] },
        { event: "session:set_state", why: ["rule bye"] },
        {
          event: "plugin:subscription:updated",
          why: ["lifecycle: learn at once that a website installed or removed the plugin"],
        },
        { event: "plugin:settings:saved", why: ["lifecycle: apply a website's new settings at once"] },
      ],
    });
  });

  it("prints aligned text by default, and a Markdown table", async () => {
    const file = await escalation();
    const text = await runCli(["events", file]);
    expect(text.stdout.split("\n")[0]).toBe("message:send                 rule wait-for-operator; rule thanks");
    const markdown = await runCli(["events", file, "--format", "markdown"]);
    expect(markdown.stdout.split("\n").slice(0, 3)).toEqual([
      "| Event | Why |",
      "| --- | --- |",
      "| `message:send` | rule wait-for-operator; rule thanks |",
    ]);
  });

  it("reports a broken manifest as validate does, exit 1", async () => {
    const file = join(tempDir.path, "broken.yaml");
    await writeFile(file, "version: 1\nrules: [\n");
    const run = await runCli(["events", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml:\d+:\d+: YAML_SYNTAX/);
  });
});
