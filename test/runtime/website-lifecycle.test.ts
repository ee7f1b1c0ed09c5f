import { afterEach, describe, expect, it } from "vitest";
import { runEnvironment, say, sentMessages, TestWorld, untilCounted } from "./runtime-harness.js";

const URN = "urn:crisp-plugin-kit:runtime-greeter:0";
/** Crisp refuses re-binds closer than this; the runtime spaces them by it. */
const REBIND_INTERVAL_MS = 2_500;
/** What a re-bind may take on top of the interval: an RTM event, a REST call, a socket message. */
const SLACK_MS = 2_500;

const world = new TestWorld();
afterEach(() => world.dispose());

async function runningGreeter() {
  const sim = await world.simulator({ pluginUrn: URN, websites: [{ website_id: "website-1", settings: {} }] });
  const dir = await world.pluginDir("greeter.yaml");
  const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
  const port = await child.ready();
  return { sim, child, port };
}

describe("crisp-plugin run when a website installs the plugin while it runs", () => {
  it("logs the install, re-binds its socket to the new website, and answers its visitors", async () => {
    const { sim, child } = await runningGreeter();
    expect(sim.rtmSockets()).toEqual([expect.objectContaining({ authenticated: true, websites: ["website-1"] })]);

    sim.install({ website_id: "website-new", token: "token-new", settings: { greeting: "Welcome aboard" } });
    await child.waitForLine(/^INFO {2}website website-new installed the plugin$/);
    const bound = await sim.waitForRtmSocket(
      (socket) => socket.websites.includes("website-new"),
      REBIND_INTERVAL_MS + SLACK_MS,
    );
    expect(bound.websites.sort()).toEqual(["website-1", "website-new"]);
    expect(sim.rtmSockets()).toHaveLength(1);

    expect(say(sim, "website-new", "session-new", "Hi there")).toBe(1);
    const reply = await sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-new" });
    expect(reply.body).toMatchObject({ content: "Welcome aboard", origin: URN });
  });

  it("re-binds again for a second install soon after, no sooner than Crisp's re-bind interval", async () => {
    const { sim, child } = await runningGreeter();

    sim.install({ website_id: "website-a", settings: {} });
    await sim.waitForRtmSocket((socket) => socket.websites.includes("website-a"), REBIND_INTERVAL_MS + SLACK_MS);
    const firstBind = performance.now();
    sim.install({ website_id: "website-b", settings: {} });
    await child.waitForLine(/website website-b installed the plugin/);
    await sim.waitForRtmSocket((socket) => socket.websites.includes("website-b"), REBIND_INTERVAL_MS + SLACK_MS);

    // Both binds are seen some time after they were sent, the first maybe later than the second
    // on a busy machine, hence the tolerance; a re-bind that did not wait would come at once.
    expect(performance.now() - firstBind).toBeGreaterThanOrEqual(REBIND_INTERVAL_MS - 1_000);
    say(sim, "website-b", "session-b", "Hello?");
    const reply = await sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-b" });
    expect(reply.body).toMatchObject({ content: "Hello from the default greeting!" });
  });
});

describe("crisp-plugin run when a website changes its settings while it runs", () => {
  it("answers the next message with the new greeting, without a restart", async () => {
    const { sim, child } = await runningGreeter();
    say(sim, "website-1", "session-1", "First");
    await sim.waitForCall({ route: "sendMessageInConversation", websiteId: "website-1" });

    sim.updateSettings("website-1", { greeting: "Settings changed" });
    await child.waitForLine(/^INFO {2}website website-1: settings saved$/);
    say(sim, "website-1", "session-1", "Second");
    await child.waitForLines(/rule greet ran/, 2);

    expect(sentMessages(sim, "website-1").map((sent) => sent.body.content)).toEqual([
      "Hello from the default greeting!",
      "Settings changed",
    ]);
  });

  it("stops answering a website whose new settings are invalid, and answers again once they are fixed", async () => {
    const { sim, child, port } = await runningGreeter();

    sim.updateSettings("website-1", { greeting: "" });
    await child.waitForLine(/website website-1: settings are invalid, its rules will not run/);
    say(sim, "website-1", "session-1", "Ignored?");
    await untilCounted(port, 1, "invalid-settings");
    sim.updateSettings("website-1", { greeting: "Fixed" });
    await child.waitForLine(/website website-1: settings are valid again, its rules run/);
    say(sim, "website-1", "session-1", "Answered?");
    await child.waitForLine(/rule greet ran/);

    // One conversation's events are handled in order: the first message was not answered.
    expect(sentMessages(sim, "website-1").map((sent) => sent.body.content)).toEqual(["Fixed"]);
    expect(child.matching(/settings are invalid/)).toEqual([
      expect.stringContaining('"reason":"settings/greeting must NOT have fewer than 1 characters"'),
    ]);
  });
});

describe("crisp-plugin run when a website uninstalls the plugin while it runs", () => {
  it("logs the uninstall and does not answer the next event of that website", async () => {
    const { sim, child } = await runningGreeter();
    say(sim, "website-1", "session-1", "Before");
    await child.waitForLine(/rule greet ran/);

    sim.uninstall("website-1");
    await child.waitForLine(/^INFO {2}website website-1 uninstalled the plugin$/);
    // The socket stays bound until the next re-bind, so the event still reaches the runtime.
    expect(say(sim, "website-1", "session-1", "After")).toBe(1);
    await child.waitForLine(/^INFO {2}ignored message:send: website website-1 has not installed the plugin$/);

    expect(sentMessages(sim, "website-1").map((sent) => sent.body.content)).toEqual([
      "Hello from the default greeting!",
    ]);
    expect(child.matching(/rule greet ran/)).toHaveLength(1);
  });
});
