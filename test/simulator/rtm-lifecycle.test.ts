import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";
import { closeRtmClients, connectRtm, type RtmClient } from "./rtm-client.js";

const SUBSCRIPTION = "plugin:subscription:updated";
const SETTINGS = "plugin:settings:saved";
const LIFECYCLE = [SUBSCRIPTION, SETTINGS];

let sim: CrispSimulator | undefined;

async function start(): Promise<CrispSimulator> {
  sim = await startCrispSimulator({
    websites: [{ website_id: "website-1", settings: { greeting: "Hi", tone: "warm" } }],
  });
  return sim;
}

afterEach(async () => {
  closeRtmClients();
  await sim?.close();
  sim = undefined;
});

async function listening(target: CrispSimulator, payload: Record<string, unknown> = {}): Promise<RtmClient> {
  const client = connectRtm(target);
  expect(await client.authenticate({ events: LIFECYCLE, ...payload })).toBe("authenticated");
  return client;
}

describe("RTM lifecycle events", () => {
  it("tells a socket bound before an install about it, though the website joins its binding only on socket:bind", async () => {
    const sim = await start();
    const client = await listening(sim);
    const installed = client.next(SUBSCRIPTION);

    sim.install({ website_id: "website-2" });

    expect(await installed).toEqual({
      website_id: "website-2",
      plugin_id: sim.pluginId,
      bound: true,
      target: "website",
    });
    expect(sim.rtmSockets()[0]?.websites).toEqual(["website-1"]);
  });

  it("reports an uninstall with bound false, once", async () => {
    const sim = await start();
    const client = await listening(sim);
    const uninstalled = client.next(SUBSCRIPTION);

    sim.uninstall("website-1");
    sim.uninstall("website-1");
    const sentinel = client.next(SUBSCRIPTION);
    sim.install({ website_id: "website-1" });
    await sentinel;

    expect(await uninstalled).toMatchObject({ website_id: "website-1", bound: false });
    expect(client.received.filter(({ event }) => event === SUBSCRIPTION)).toHaveLength(2);
  });

  it("sends the full settings on updateSettings", async () => {
    const sim = await start();
    const client = await listening(sim);
    const saved = client.next(SETTINGS);

    sim.updateSettings("website-1", { greeting: "Yo" });

    expect(await saved).toEqual({ website_id: "website-1", plugin_id: sim.pluginId, settings: { greeting: "Yo" } });
  });

  it("sends the full settings when the plugin saves (PUT) or updates (PATCH) them through REST", async () => {
    const sim = await start();
    const client = await listening(sim);
    const rest = pluginClient(sim);

    const saved = client.next(SETTINGS);
    await rest.plugin.saveSubscriptionSettings("website-1", sim.pluginId, { greeting: "Hello" });
    expect(await saved).toMatchObject({ settings: { greeting: "Hello" } });

    const updated = client.next(SETTINGS);
    await rest.plugin.updateSubscriptionSettings("website-1", sim.pluginId, { tone: "dry" });
    expect(await updated).toMatchObject({ settings: { greeting: "Hello", tone: "dry" } });
  });

  it("emits nothing when a REST settings save is refused", async () => {
    const sim = await start();
    const client = await listening(sim);
    const rest = pluginClient(sim);

    await expect(rest.plugin.saveSubscriptionSettings("website-1", "another-plugin", { a: 1 })).rejects.toMatchObject({
      message: "not_subscribed",
    });
    const sentinel = client.next(SETTINGS);
    sim.updateSettings("website-1", { sentinel: true });
    await sentinel;

    expect(client.received.map(({ event }) => event)).toEqual(["authenticated", SETTINGS]);
  });

  it("reaches only sockets that listen to lifecycle events, within their rooms", async () => {
    const sim = await start();
    const other = await listening(sim, { events: ["message:send"] });
    const elsewhere = await listening(sim, { rooms: ["website-1"] });
    const everywhere = await listening(sim);
    const installed = everywhere.next(SUBSCRIPTION);

    sim.install({ website_id: "website-2" });

    await installed;
    expect(other.received.map(({ event }) => event)).toEqual(["authenticated"]);
    expect(elsewhere.received.map(({ event }) => event)).toEqual(["authenticated"]);
  });
});
