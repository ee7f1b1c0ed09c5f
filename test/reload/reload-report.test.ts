import { afterEach, describe, expect, it } from "vitest";
import {
  eventually,
  manifestYaml,
  MESSAGE_SCOPES,
  ReloadWorld,
  replyRule,
  sessionOf,
  WAIT_MS,
} from "./reload-harness.js";

const world = new ReloadWorld();
afterEach(() => world.dispose());

const STATES_READ = { scope: "website:conversation:states", access: ["read"], why: "See conversations resolved." };
const SESSIONS = { scope: "website:conversation:sessions", access: ["read", "write"], why: "Tag conversations." };

/** A settings schema whose greeting must be at least `minLength` characters. */
function greetingSettings(minLength: number): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      greeting: { type: "string", description: "The answer to every message.", minLength, default: "Hello" },
    },
  };
}

/** A plugin answering every visitor message with the website's greeting. */
function greeter(minLength: number): string {
  return manifestYaml({
    settings: greetingSettings(minLength),
    rules: [replyRule("greet", "{{settings.greeting}} ({{data.content}})")],
  });
}

/** Has each website's visitor write `content` and waits until the runtime is done with it. */
/** Crisp gives every message its own fingerprint; a repeated one would be a duplicate delivery. */
let fingerprints = 0;

async function sayEverywhere(websites: readonly string[], content: string): Promise<string[]> {
  const from = world.replies().length;
  websites.forEach((websiteId) => world.say(websiteId, content, (fingerprints += 1)));
  await world.settle();
  return world
    .replies()
    .slice(from)
    .map((reply) => `${reply.websiteId}: ${reply.content}`)
    .sort();
}

describe("what a reload reports", () => {
  it("lists the rules added, removed and changed, the scopes added (as a warning) and the events now listened to or dropped", async () => {
    const before = manifestYaml({
      scopes: [...MESSAGE_SCOPES, STATES_READ],
      rules: [
        replyRule("greet", "Hello"),
        { id: "resolved", on: "session:set_state", do: [{ action: "log", with: { message: "resolved" } }] },
        { id: "keep", on: "message:send", do: [{ action: "log", with: { message: "kept" } }] },
      ],
    });
    const after = manifestYaml({
      scopes: [...MESSAGE_SCOPES, SESSIONS],
      rules: [
        replyRule("greet", "Hello again"),
        {
          id: "operator-wrote",
          on: "message:received",
          do: [{ action: "add_segments", with: { segments: ["operator-wrote"] } }],
        },
        { id: "keep", on: "message:send", do: [{ action: "log", with: { message: "kept" } }] },
      ],
    });
    await world.start({ websites: [{ website_id: "site-1" }], files: { "plugin.yaml": before } });

    const { status, lines } = await world.save("plugin.yaml", after);

    expect(status.last).toMatchObject({ outcome: "applied", version: 2 });
    expect(lines).toEqual([
      "INFO  rules added: operator-wrote",
      "INFO  rules removed: resolved",
      "INFO  rules changed: greet",
      "WARN  scopes added (the production token may not grant them): website:conversation:sessions read, website:conversation:sessions write",
      "INFO  scopes removed: website:conversation:states read",
      "INFO  events now listened to: message:received",
      "INFO  events no longer listened to: session:set_state",
      "INFO  plugin.yaml reloaded: version 2 is live",
    ]);
    const socket = await world.sim.waitForRtmSocket(
      (snapshot) => snapshot.events.includes("message:received") && !snapshot.events.includes("session:set_state"),
    );
    // The old socket closes once the new one is in: the server sees its disconnect a moment later.
    await eventually(() => (world.sim.rtmSockets().length === 1 ? true : undefined), "the old socket closing");
    expect(world.sim.rtmSockets().map((snapshot) => snapshot.id)).toEqual([socket.id]);

    world.sim.emit("site-1", "message:received", {
      session_id: sessionOf("site-1"),
      type: "text",
      from: "operator",
      origin: "chat",
      content: "On it",
      fingerprint: 1,
    });
    const tagged = await world.sim.waitForCall({ route: "updateConversationMetas", method: "PATCH" });
    expect(tagged.body).toEqual({ segments: ["operator-wrote"] });
  });

  it("says that nothing changed when a save only touches comments", async () => {
    const text = manifestYaml({ rules: [replyRule("greet", "Hello")] });
    await world.start({ websites: [{ website_id: "site-1" }], files: { "plugin.yaml": text } });

    const { status, lines } = await world.save("plugin.yaml", `# edited\n${text}`);

    expect(status.last).toMatchObject({ outcome: "applied", version: 2 });
    expect(lines).toEqual([
      "INFO  no rule, scope, event or settings schema changed",
      "INFO  plugin.yaml reloaded: version 2 is live",
    ]);
  });
});

describe("a reload that changes the settings schema", () => {
  const WEBSITES = ["site-long", "site-short", "site-default"];
  const seeds = [
    { website_id: "site-long", settings: { greeting: "Good morning" } },
    { website_id: "site-short", settings: { greeting: "Hi" } },
    { website_id: "site-default", settings: {} },
  ];

  it("names the websites whose settings fail the new schema before applying it, stops their rules, and a fixed schema brings them back", async () => {
    await world.start({ websites: seeds, files: { "plugin.yaml": greeter(1) } });
    expect(await sayEverywhere(WEBSITES, "one")).toEqual([
      "site-default: Hello (one)",
      "site-long: Good morning (one)",
      "site-short: Hi (one)",
    ]);

    const strict = await world.save("plugin.yaml", greeter(5));

    expect(strict.status.last).toMatchObject({ outcome: "applied", version: 2 });
    expect(strict.lines).toEqual([
      "INFO  settings schema changed",
      "WARN  website site-short: settings fail the new schema, its rules will not run: settings/greeting must NOT have fewer than 5 characters",
      "INFO  plugin.yaml reloaded: version 2 is live",
    ]);
    expect(await sayEverywhere(WEBSITES, "two")).toEqual([
      "site-default: Hello (two)",
      "site-long: Good morning (two)",
    ]);

    const fixed = await world.save("plugin.yaml", greeter(2));

    expect(fixed.status.last).toMatchObject({ outcome: "applied", version: 3 });
    expect(fixed.lines).toEqual(["INFO  settings schema changed", "INFO  plugin.yaml reloaded: version 3 is live"]);
    expect(await sayEverywhere(WEBSITES, "three")).toEqual([
      "site-default: Hello (three)",
      "site-long: Good morning (three)",
      "site-short: Hi (three)",
    ]);
  });
});

describe("/healthz", () => {
  /** The `reloads` part of /healthz, the time of the last reload checked (a recent ISO date) and left out. */
  async function reloads(): Promise<unknown> {
    const response = await fetch(`http://127.0.0.1:${world.runtime.port}/healthz`);
    expect(response.status).toBe(200);
    const { count, last } = ((await response.json()) as { reloads: { count: number; last?: { at: string } } }).reloads;
    if (last === undefined) return { count };
    const { at, ...outcome } = last;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.now() - Date.parse(at)).toBeLessThan(WAIT_MS);
    return { count, last: outcome };
  }

  it("reports how many reloads ran and how the last one ended", async () => {
    const text = manifestYaml({ rules: [replyRule("greet", "Hello")] });
    await world.start({ websites: [{ website_id: "site-1" }], files: { "plugin.yaml": text } });
    expect(await reloads()).toEqual({ count: 0 });

    await world.save("plugin.yaml", manifestYaml({ rules: [replyRule("greet", "Hello again")] }));
    expect(await reloads()).toEqual({ count: 1, last: { outcome: "applied", version: 2 } });

    await world.save("plugin.yaml", "version: 1\nplugin: [\n");
    expect(await reloads()).toEqual({ count: 2, last: { outcome: "rejected", version: 2 } });

    // A new socket Crisp refuses: the reload fails, and the live version keeps its socket.
    world.sim.rejectRtmAuthentication();
    const failed = await world.save(
      "plugin.yaml",
      manifestYaml({
        rules: [
          replyRule("greet", "Hello again"),
          { id: "op", on: "message:received", do: [{ action: "log", with: { message: "op" } }] },
        ],
      }),
    );
    expect(failed.lines.at(-1)).toMatch(/^ERROR reload failed, version 2 stays active: Crisp refused the plugin token/);
    expect(await reloads()).toEqual({ count: 3, last: { outcome: "failed", version: 2 } });

    world.say("site-1", "still there?", 1);
    const reply = await world.sim.waitForCall({ route: "sendMessageInConversation", sessionId: sessionOf("site-1") });
    expect(reply.body).toMatchObject({ content: "Hello again" });
  });
});
