import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir, FIXTURES_DIR } from "../manifest/manifest-fixture.js";
import { runCli } from "./run-cli.js";

const MESSAGES_WHY = "Receive visitor messages and answer those sent outside business hours.";
const SESSIONS_WHY = "Tag conversations as after-hours or urgent without removing the tags already set.";

let tempDir: Awaited<ReturnType<typeof createTempDir>>;
beforeAll(async () => {
  tempDir = await createTempDir();
});
afterAll(async () => {
  await tempDir.dispose();
});

describe("crisp-plugin scopes", () => {
  it("prints the root plugin.yaml's scopes as JSON: scope, access and why for each", async () => {
    const run = await runCli(["scopes", "--format", "json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      scopes: [
        { scope: "website:conversation:messages", access: ["read", "write"], why: MESSAGES_WHY },
        { scope: "website:conversation:sessions", access: ["read", "write"], why: SESSIONS_WHY },
      ],
    });
  });

  it("prints them as aligned text by default", async () => {
    const run = await runCli(["scopes"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `website:conversation:messages  read, write  ${MESSAGES_WHY}`,
        `website:conversation:sessions  read, write  ${SESSIONS_WHY}`,
        "",
      ].join("\n"),
    );
    expect(await runCli(["scopes", "--format", "text"])).toEqual(run);
  });

  it("prints them as a Markdown table, each why followed by the rules and steps that use the scope", async () => {
    const run = await runCli(["scopes", "--format", "markdown"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "| Scope | Access | Why |",
        "| --- | --- | --- |",
        `| \`website:conversation:messages\` | read, write | ${MESSAGES_WHY} Used by rule "after-hours" (event message:send; step do[0] send_message), rule "urgent" (event message:send; step do[1] send_message). |`,
        `| \`website:conversation:sessions\` | read, write | ${SESSIONS_WHY} Used by rule "after-hours" (step do[1] add_segments), rule "urgent" (step do[0] add_segments). |`,
        "",
      ].join("\n"),
    );
  });

  it("escapes a | in a justification so the Markdown table keeps its columns", async () => {
    const manifest = [
      "version: 1",
      "plugin: { urn: 'urn:acme:fixture:0', name: Fixture }",
      "scopes:",
      "  - { scope: website:conversation:messages, access: [read], why: 'Read | watch messages' }",
      "rules:",
      "  - { id: watch, on: message:send, do: [{ action: log, with: { message: seen } }] }",
      "",
    ].join("\n");
    await writeFile(join(tempDir.path, "plugin.yaml"), manifest);
    const run = await runCli(["scopes", "--format", "markdown"], tempDir.path);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("| `website:conversation:messages` | read | Read \\| watch messages. Used by rule");
  });

  it("prints an empty list, in each format, for a manifest without scopes", async () => {
    const json = await runCli(["scopes", "--format", "json", "submission-no-scopes.yaml"], FIXTURES_DIR);
    expect(JSON.parse(json.stdout)).toEqual({ scopes: [] });
    const text = await runCli(["scopes", "submission-no-scopes.yaml"], FIXTURES_DIR);
    expect(text.stdout).toBe("(no scopes declared)\n");
  });

  it("prints the scopes of a manifest with warnings, and the warnings on stderr", async () => {
    const run = await runCli(["scopes", "--format", "json", "unused-scope.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ scopes: [{ scope: "website:conversation:messages" }, {}] });
    expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(2);
  });
});

describe("crisp-plugin scopes --check", () => {
  it("exits 0 and says so when every scope the rules need is declared", async () => {
    const run = await runCli(["scopes", "--check"]);
    expect(run).toEqual({ code: 0, stdout: "plugin.yaml: every scope the rules need is declared\n", stderr: "" });
  });

  it("exits 1 with the MISSING_SCOPE line when a rule listens to an event no declared scope covers", async () => {
    const run = await runCli(["scopes", "--check", "missing-scope-event.yaml"], FIXTURES_DIR);
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'missing-scope-event.yaml:8:9: MISSING_SCOPE rule "watch" needs scope website:conversation:messages with read access for event message:send; add it under scopes:\n',
    });
  });

  it("exits 1 when an action needs write access on a scope declared read-only", async () => {
    const run = await runCli(["scopes", "--check", "missing-scope-write.yaml"], FIXTURES_DIR);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^missing-scope-write\.yaml:16:17: MISSING_SCOPE .* with write access for action add_segments/,
    );
  });
});
