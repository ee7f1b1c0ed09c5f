import { afterEach, describe, expect, it } from "vitest";
import type { HookBody } from "../../src/devkit/simulator/send-hook.js";
import { WAIT_MS } from "../support/wait-ms.js";
import {
  freePort,
  get,
  messagesCounted,
  metric,
  runEnvironment,
  sentMessages,
  TestWorld,
  visitorMessage,
} from "./runtime-harness.js";

const URN = "urn:crisp-plugin-kit:runtime-greeter:0";
/** Distinctive, so that a log line carrying it would be found. */
const SECRET = "hooks-secret-5d1c9e";

const world = new TestWorld();
afterEach(() => world.dispose());

/** The runtime in Web Hooks mode against a simulator with one website; answers where to post. */
async function runningInWebhooksMode() {
  const sim = await world.simulator({ pluginUrn: URN, websites: [{ website_id: "website-1", settings: {} }] });
  const dir = await world.pluginDir("greeter.yaml");
  const child = world.start(
    ["run", "greeter.yaml"],
    dir,
    runEnvironment(sim, { CRISP_RTM_MODE: "webhooks", CRISP_HOOKS_SECRET: SECRET }),
  );
  const port = await child.ready();
  return { sim, child, port, hooksUrl: `http://127.0.0.1:${port}/hooks` };
}

function messageHook(websiteId: string, sessionId: string, content: string, timestamp = Date.now()): HookBody {
  return { website_id: websiteId, event: "message:send", data: visitorMessage(sessionId, content), timestamp };
}

describe("crisp-plugin run in Web Hooks mode", () => {
  it("listens on PORT, opens no RTM socket, and says it runs in webhooks mode", async () => {
    const sim = await world.simulator({ websites: [{ website_id: "website-1" }] });
    const dir = await world.pluginDir("greeter.yaml");
    const port = await freePort();
    const env = { CRISP_RTM_MODE: "webhooks", CRISP_HOOKS_SECRET: SECRET, PORT: String(port) };
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim, env));

    expect(await child.ready()).toBe(port);
    expect(child.matching(/listening on port/)).toEqual([`INFO  listening on port ${port} (webhooks)`]);
    expect(sim.rtmSockets()).toEqual([]);
    expect(sim.calls({ route: "getConnectEndpoints" })).toEqual([]);
  });

  it("answers 200 to a hook with a good signature, and sends the reply", async () => {
    const { sim, hooksUrl } = await runningInWebhooksMode();
    sim.createConversation("website-1", { session_id: "session-1" });

    const response = await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Hello?"));

    expect(response).toEqual({ status: 200, body: JSON.stringify({ ok: true }) });
    const reply = await sim.waitForCall({ route: "sendMessageInConversation", sessionId: "session-1" });
    expect(reply.body).toMatchObject({ content: "Hello from the default greeting!", origin: URN });
  });

  it.each([
    ["the signature does not match", "signature"],
    ["the body was changed after signing", "body"],
    ["the signature is missing", "missing-signature"],
  ] as const)("answers 403 and runs nothing when %s", async (_case, tamper) => {
    const { sim, child, port, hooksUrl } = await runningInWebhooksMode();
    sim.createConversation("website-1", { session_id: "session-1" });

    const refused = await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Forged"), { tamper });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: "bad_signature" });
    await child.waitForLine(/^WARN {2}hook refused \(403\): /);

    // A good hook on the same conversation afterwards: events of a conversation run in order, so
    // had the forged one been taken, it would have been answered first.
    await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Genuine"));
    await child.waitForLine(/rule greet ran/);
    expect(sentMessages(sim)).toHaveLength(1);
    expect(await messagesCounted(port)).toBe(1);
    expect(child.lines().join("\n")).not.toContain(SECRET);
  });

  it("answers 403 and runs nothing for a correctly signed hook replayed two hours later", async () => {
    const { sim, child, hooksUrl } = await runningInWebhooksMode();
    sim.createConversation("website-1", { session_id: "session-1" });
    const twoHoursAgo = Date.now() - 2 * 60 * 60_000;

    const replayed = await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Old", twoHoursAgo));

    expect(replayed.status).toBe(403);
    expect(JSON.parse(replayed.body)).toMatchObject({ ok: false, error: "stale" });
    await child.waitForLine(/^WARN {2}hook refused \(403\): its timestamp is more than 3600000 ms from now/);
    await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Fresh"));
    await child.waitForLine(/rule greet ran/);
    expect(sentMessages(sim)).toHaveLength(1);
  });

  it("answers 200 to a Crisp retry signed ten minutes ago, and sends the reply", async () => {
    const { sim, hooksUrl } = await runningInWebhooksMode();
    sim.createConversation("website-1", { session_id: "session-1" });
    const tenMinutesAgo = Date.now() - 10 * 60_000;

    const retry = await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Late", tenMinutesAgo), {
      attempt: 2,
    });

    expect(retry.status).toBe(200);
    await sim.waitForCall({ route: "sendMessageInConversation", sessionId: "session-1" });
  });

  it("answers 200 to an event for a website that did not install the plugin, and logs it as ignored", async () => {
    const { sim, child, hooksUrl } = await runningInWebhooksMode();

    const response = await sim.sendHook(hooksUrl, SECRET, messageHook("website-stranger", "session-x", "Hello?"));

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, ignored: true });
    await child.waitForLine(/^INFO {2}ignored message:send: website website-stranger has not installed the plugin$/);
    expect(sim.calls({ websiteId: "website-stranger" })).toEqual([]);
  });

  it.each([
    ["is not JSON", "{ not json"],
    [
      "names no Crisp event",
      JSON.stringify({ website_id: "website-1", event: "message:sent", data: {}, timestamp: 1 }),
    ],
    ["has no website id", JSON.stringify({ event: "message:send", data: { session_id: "s" }, timestamp: 1 })],
  ])("answers 400 to a correctly signed body that %s", async (_case, rawBody) => {
    const { sim, child, hooksUrl } = await runningInWebhooksMode();

    const response = await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "unused"), { rawBody });

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: "malformed_event" });
    await child.waitForLine(/^WARN {2}hook refused \(400\): /);
    expect(sentMessages(sim)).toEqual([]);
  });

  it("answers GET /healthz with 200 and JSON", async () => {
    const { port } = await runningInWebhooksMode();

    const health = await get(port, "/healthz");

    expect(health.status).toBe(200);
    expect(health.type).toMatch(/^application\/json/);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, websites: 1, mode: "webhooks" });
  });

  it("serves Prometheus metrics on GET /metrics, counting the events received by outcome", async () => {
    const { sim, child, port, hooksUrl } = await runningInWebhooksMode();
    sim.createConversation("website-1", { session_id: "session-1" });
    await sim.sendHook(hooksUrl, SECRET, messageHook("website-1", "session-1", "Hello?"));
    await sim.sendHook(hooksUrl, SECRET, messageHook("website-stranger", "session-x", "Hello?"));
    await child.waitForLine(/rule greet ran/);

    const metrics = await get(port, "/metrics");

    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain/);
    expect(metrics.body).toContain("# TYPE crisp_plugin_events_received_total counter");
    const received = (outcome: string) =>
      metric(metrics.body, "crisp_plugin_events_received_total", { event: "message:send", outcome });
    expect([received("handled"), received("ignored")]).toEqual([1, 1]);
    expect(metric(metrics.body, "crisp_plugin_rules_fired_total", { rule: "greet" })).toBe(1);
    expect(metric(metrics.body, "crisp_plugin_websites", { state: "valid" })).toBe(1);
  });

  it("answers 404 to other paths, and POST /hooks is not served in websockets mode", async () => {
    const { port } = await runningInWebhooksMode();
    expect((await get(port, "/nothing-here")).status).toBe(404);

    const sim = await world.simulator({ websites: [{ website_id: "website-1" }] });
    const dir = await world.pluginDir("greeter.yaml");
    const socketChild = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim));
    const socketPort = await socketChild.ready();
    const hook = await sim.sendHook(
      `http://127.0.0.1:${socketPort}/hooks`,
      SECRET,
      messageHook("website-1", "s", "Hi"),
    );
    expect(hook.status).toBe(404);
  });
});

describe("crisp-plugin run in Web Hooks mode, misconfigured", () => {
  it("exits 2 with one line when CRISP_HOOKS_SECRET is not set", async () => {
    const sim = await world.simulator();
    const dir = await world.pluginDir("greeter.yaml");
    const child = world.start(["run", "greeter.yaml"], dir, runEnvironment(sim, { CRISP_RTM_MODE: "webhooks" }));

    const exit = await child.exitWithin(WAIT_MS);

    expect(exit.code).toBe(2);
    expect(child.lines()).toEqual([
      "crisp-plugin run: CRISP_RTM_MODE=webhooks needs CRISP_HOOKS_SECRET, the Web Hooks signing secret from the Marketplace",
    ]);
  });
});
