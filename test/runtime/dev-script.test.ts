import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WAIT_MS } from "../support/wait-ms.js";
import { main } from "../../src/cli/main.js";
import { silentLogger } from "../../src/core/logging/logger.js";
import { startDevSession } from "../../src/devkit/dev/start-dev-session.js";
import { createTestIo } from "../cli/run-cli.js";
import { REPO_ROOT, STACK_LINE, TestWorld } from "./runtime-harness.js";

const KEYWORD_ROUTER = join(REPO_ROOT, "recipes", "keyword-router", "plugin.yaml");
const BILLING_OPERATOR = "3f1c9a52-0b7e-4d8a-9c61-2e5f7a8b9c0d";

const world = new TestWorld();
afterEach(() => world.dispose());

/** Runs `crisp-plugin dev` in-process with `input` as its standard input; resolves with its output. */
async function devInProcess(args: readonly string[], input: NodeJS.ReadableStream, cwd: string) {
  const lines: string[] = [];
  const log: string[] = [];
  const io = createTestIo({
    stdout: (text) => lines.push(...text.split("\n").filter((line) => line !== "")),
    stderr: (text) => log.push(text),
    cwd,
  });
  const code = await main(["dev", ...args], { ...io, stdin: input });
  return { code, lines, log };
}

describe("crisp-plugin dev reading a script from standard input", () => {
  it("runs each piped line through the rules with the --settings file, then exits 0 when the input ends", async () => {
    const dir = await world.pluginDir();
    await writeFile(join(dir, "s.json"), JSON.stringify({ billing_operators: [BILLING_OPERATOR] }));
    const child = world.spawn(["dev", KEYWORD_ROUTER, "--settings", "s.json"], dir, {}, "hello\nrefund please\n");

    const exit = await child.exitWithin(WAIT_MS);

    expect(exit.code).toBe(0);
    const out = child.lines("stdout");
    expect(out).toContain(
      `Reading messages for Demo Shop from standard input (not a terminal), one a line ("/op " first: as an operator); dev stops when the input ends.`,
    );
    const script = out.filter((line) => line.startsWith("[Demo Shop]") && !line.includes("settings page"));
    // The lines run in order, each through the rules before the next; the demo messages are not sent.
    expect(script).toEqual([
      "[Demo Shop] visitor: hello",
      "[Demo Shop] visitor: refund please",
      '[Demo Shop] conversation updated: {"segments":["billing"]}',
      `[Demo Shop] assignConversationRouting {"assigned":{"user_id":"${BILLING_OPERATOR}"}}`,
    ]);
    expect(out.at(-1)).toBe("End of input: every message went through the rules; stopping.");
    expect(out.some((line) => line.startsWith("[Demo Studio]") && !line.includes("settings page"))).toBe(false);
    expect(child.lines().filter((line) => STACK_LINE.test(line))).toEqual([]);
  });
});

describe("crisp-plugin dev in-process", () => {
  it("writes a /op line as an operator (message:received), with the settings of a per-website --settings map", async () => {
    const dir = await world.pluginDir();
    const manifest = join(dir, "plugin.yaml");
    await writeFile(
      manifest,
      [
        "version: 1",
        "plugin: { urn: 'urn:test:echo:0', name: Echo }",
        "scopes:",
        "  - { scope: website:conversation:messages, access: [read, write], why: Answer operators. }",
        "settings: { type: object, properties: { reply: { type: string, default: pong } } }",
        "rules:",
        "  - id: pong",
        "    on: message:received",
        "    if: [{ path: data.from, equals: operator }]",
        "    do: [{ action: send_message, with: { content: '{{settings.reply}}', type: note } }]",
      ].join("\n"),
    );
    await writeFile(join(dir, "s.yaml"), "demo-website-1: { reply: pong from the shop }\n");

    const run = await devInProcess(["--settings", "s.yaml"], Readable.from(["/op ping\n"]), dir);

    expect(run.code).toBe(0);
    expect(run.lines.filter((line) => line.startsWith("[Demo Shop]") && !line.includes("settings page"))).toEqual([
      "[Demo Shop] operator: ping",
      "[Demo Shop] plugin (private note): pong from the shop",
    ]);
  });

  it("shows an event the plugin receives that was not typed, such as the echo of its own write", async () => {
    const dir = await world.pluginDir();
    const manifest = join(dir, "plugin.yaml");
    await writeFile(
      manifest,
      [
        "version: 1",
        "plugin: { urn: 'urn:test:state:0', name: State }",
        "scopes:",
        "  - { scope: website:conversation:states, access: [read], why: Watch states. }",
        "rules:",
        "  - id: watch",
        "    on: session:set_state",
        "    do: [{ action: log, with: { message: 'state {{data.state}}' } }]",
      ].join("\n"),
    );
    let seen: (line: string) => void = () => undefined;
    const shown = new Promise<string>((resolve) => {
      seen = (line) => {
        if (line.includes("event session:set_state")) resolve(line);
      };
    });
    const session = await startDevSession({
      manifest,
      cwd: dir,
      log: silentLogger,
      print: (line) => {
        seen(line);
      },
    });
    try {
      // What Crisp sends back after a REST state change: no origin says who caused it.
      session.simulator.emit("demo-website-1", "session:set_state", {
        session_id: "session_demo-website-1",
        inbox_id: null,
        state: "resolved",
      });

      expect(await shown).toBe('[Demo Shop] event session:set_state: {"state":"resolved"}');
    } finally {
      await session.close();
    }
  });
});
