import { afterEach, describe, expect, it } from "vitest";
import { get, messagesCounted, say, sentMessages, TestWorld, runEnvironment } from "./runtime-harness.js";

const URN = "urn:crisp-plugin-kit:runtime-greeter:0";
const DEFAULT_GREETING = "Hello from the default greeting!";

/** Seven websites on four pages of two: default settings, own greetings, and one invalid. */
const WEBSITES = [
  { website_id: "website-1", settings: {} },
  { website_id: "website-2", settings: { greeting: "Bonjour from website 2" } },
  { website_id: "website-3", settings: { greeting: "Hola from website 3", language: "es" } },
  { website_id: "website-4", settings: { greeting: "Hi", language: "English" } },
  { website_id: "website-5", settings: { greeting: "Hallo from website 5", language: "de" } },
  { website_id: "website-6", settings: {} },
  { website_id: "website-7", settings: { greeting: "Ciao from website 7" } },
] as const;
const INVALID = "website-4";

const world = new TestWorld();
afterEach(() => world.dispose());

describe("crisp-plugin run starting with several pages of subscribed websites", () => {
  it("answers a visitor of every website with the greeting its settings ask for, stamped with the plugin URN", async () => {
    const sim = await world.simulator({ pageSize: 2, pluginUrn: URN, websites: WEBSITES });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
    await child.ready();

    const valid = WEBSITES.filter((website) => website.website_id !== INVALID);
    for (const website of valid) say(sim, website.website_id, `session-${website.website_id}`, "Hello?");
    await child.waitForLines(/rule greet ran: send_message:done, add_segments:done/, valid.length);

    const replies = new Map(sentMessages(sim).map((sent) => [sent.sessionId, sent.body]));
    for (const website of valid) {
      const greeting = "greeting" in website.settings ? website.settings.greeting : DEFAULT_GREETING;
      expect(replies.get(`session-${website.website_id}`)).toMatchObject({
        type: "text",
        from: "operator",
        origin: URN,
        content: greeting,
      });
      expect(sim.conversation(website.website_id, `session-${website.website_id}`)?.meta.segments).toEqual(["greeted"]);
    }
    expect(replies.size).toBe(valid.length);
    // Neither the plugin key nor a website token ever reaches a log line.
    const log = [...child.lines(), ...child.lines("stdout")].join("\n");
    expect(log).not.toContain(sim.credentials.key);
    expect(log).not.toContain("token-website-");
  });

  it("reads every page of websites, and says how many it loaded and how many have invalid settings", async () => {
    const sim = await world.simulator({ pageSize: 2, pluginUrn: URN, websites: WEBSITES });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
    const port = await child.ready();

    expect(sim.calls({ route: "listAllConnectWebsites" }).map((call) => call.path)).toEqual(
      [1, 2, 3, 4, 5].map((page) => `/v1/plugin/connect/websites/all/${page}`),
    );
    expect(child.matching(/subscribed website\(s\) loaded/)).toEqual([
      expect.stringMatching(/^INFO {2}7 subscribed website\(s\) loaded in \d+ ms, 1 with invalid settings$/),
    ]);
    const health = await get(port, "/healthz");
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, websites: 7, mode: "websockets", store: "sqlite" });
  });

  it("reports a website with invalid settings once, with its id and why, and does not run its rules", async () => {
    const sim = await world.simulator({ pageSize: 2, pluginUrn: URN, websites: WEBSITES });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
    const port = await child.ready();

    say(sim, INVALID, "session-invalid-1", "Hello?");
    say(sim, INVALID, "session-invalid-2", "Anyone?");
    say(sim, "website-5", "session-valid", "Hello?");
    await sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-5" });
    // The runtime counts what it did with each event: both messages of the invalid website arrived.
    expect(await messagesCounted(port, "invalid-settings")).toBe(2);

    const reports = child.matching(/settings are invalid/);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^WARN {2}website website-4: settings are invalid, its rules will not run/);
    expect(reports[0]).toContain('"website_id":"website-4"');
    expect(reports[0]).toMatch(/"reason":"settings\/language must match pattern/);
    expect(sim.calls({ websiteId: INVALID })).toEqual([]);
    expect(sentMessages(sim, "website-5")).toHaveLength(1);
  });
});

describe("crisp-plugin run --dry-run", () => {
  it("logs what the rules would do and sends nothing to Crisp", async () => {
    const sim = await world.simulator({ pluginUrn: URN, websites: [{ website_id: "website-1", settings: {} }] });
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml", "--dry-run"], dir, runEnvironment(sim));
    const port = await child.ready();

    say(sim, "website-1", "session-1", "Hello?");
    await child.waitForLine(/^INFO {2}rule greet ran: send_message:recorded, add_segments:recorded /);

    expect(child.matching(/listening on port/)).toEqual([
      `INFO  listening on port ${port} (websockets, dry run: nothing is sent)`,
    ]);
    const conversationCalls = sim.calls((call) => call.sessionId !== null);
    expect(conversationCalls).toEqual([]);
  });
});
