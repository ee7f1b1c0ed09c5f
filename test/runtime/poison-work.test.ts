import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { eventually, runEnvironment, say, sentMessages, TestWorld, type CliProcess } from "./runtime-harness.js";

const URN = "urn:test:poison:0";
const WEBSITE = "website-1";

/** A hook that never finishes (as one that takes the process down with it), noting each start in a file. */
const HOOKS = `import { appendFileSync } from "node:fs";
export default {
  hang: {
    timeout_ms: 600000,
    run: (_ctx, params) => {
      appendFileSync(params.file, "started\\n");
      return new Promise(() => {});
    },
  },
};
`;

function manifest(marker: string): string {
  return stringify({
    version: 1,
    plugin: { urn: URN, name: "Poison Test" },
    scopes: [{ scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." }],
    hooks: "./hooks.ts",
    rules: [
      {
        id: "poison",
        on: "message:send",
        if: [{ path: "data.content", equals: "poison" }],
        do: [{ action: "hook:hang", with: { file: marker } }],
      },
      {
        id: "answer",
        on: "message:send",
        if: [{ path: "data.content", starts_with: "hello" }],
        do: [{ action: "send_message", with: { content: "Re: {{data.content}}" } }],
      },
    ],
  });
}

const world = new TestWorld();
afterEach(() => world.dispose());

describe("crisp-plugin run and work it dies running", () => {
  it("makes an item started 3 times without finishing a dead letter, goes on answering, and replays it on demand", async () => {
    const sim = await world.simulator({ pluginUrn: URN, websites: [{ website_id: WEBSITE }] });
    const dir = await world.pluginDir();
    const marker = join(dir, "starts.txt");
    await writeFile(join(dir, "plugin.yaml"), manifest(marker));
    await writeFile(join(dir, "hooks.ts"), HOOKS);
    const env = runEnvironment(sim, { CRISP_PLUGIN_STORE: "sqlite", CRISP_PLUGIN_INSTANCE: "poison-test" });
    const starts = (): number => (existsSync(marker) ? readFileSync(marker, "utf8").split("\n").length - 1 : 0);
    const run = async (): Promise<CliProcess> => {
      const plugin = world.spawn(["run", "plugin.yaml", "--no-watch"], dir, env);
      await plugin.ready(30_000);
      return plugin;
    };

    // Three runs, each killed while the item runs: the way a process that runs out of memory dies.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const plugin = await run();
      if (attempt === 1) say(sim, WEBSITE, "session-poison", "poison");
      await eventually(() => Promise.resolve(starts() >= attempt ? true : undefined), `start ${attempt}`, 30_000);
      await plugin.kill();
    }
    const fourth = await run();
    const quarantined = await fourth.waitForLine(/quarantined as a dead letter/, { timeoutMs: 30_000 });

    expect(quarantined).toMatch(/started 3 times without finishing: the process likely died running it/);
    expect(quarantined).toContain('"rule":"poison","step":1,"action":"hook:hang"');
    expect(starts()).toBe(3);
    const list = world.spawn(["dead-letters", "list"], dir, env);
    await list.exitWithin(30_000);
    expect(list.lines("stdout").join("\n")).toMatch(
      /message:send on website-1\/session-poison\n {2}rule poison, step 1 \(hook:hang\), 3 attempt\(s\)\n {2}WORK_QUARANTINED: started 3 times without finishing: the process likely died running it/,
    );
    // The plugin keeps answering other conversations.
    say(sim, WEBSITE, "session-other", "hello there");
    await eventually(
      () => Promise.resolve(sentMessages(sim, WEBSITE).length > 0 ? true : undefined),
      "an answer in another conversation",
      30_000,
    );
    expect(sentMessages(sim, WEBSITE)).toEqual([
      { sessionId: "session-other", body: expect.objectContaining({ content: "Re: hello there" }) as unknown },
    ]);
    // Replayed, the item runs again (and would be counted again).
    const replay = world.spawn(["dead-letters", "replay", "--all"], dir, env);
    await replay.exitWithin(30_000);
    expect(replay.lines("stdout")).toEqual([expect.stringMatching(/^1 dead letter\(s\) scheduled again/) as unknown]);
    await eventually(() => Promise.resolve(starts() === 4 ? true : undefined), "the replayed item starting", 30_000);
  }, 240_000);
});
