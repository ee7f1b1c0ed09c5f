import type { Crisp } from "crisp-api";
import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator, type CrispSimulatorOptions } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

let clock = 1_700_000_000_000;
let sim: CrispSimulator | undefined;

async function start(options: CrispSimulatorOptions = {}): Promise<{ sim: CrispSimulator; client: Crisp }> {
  sim = await startCrispSimulator({ now: () => clock, ...options });
  return { sim, client: pluginClient(sim) };
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  clock = 1_700_000_000_000;
});

/** Pages like Crisp's Go example: from page 1 until a page comes back empty. */
async function listAllWebsites(client: Crisp, filterConfigured = false): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const websites = await client.plugin.listAllConnectWebsites(page, filterConfigured, false);
    if (websites.length === 0) return { ids, pages: page };
    ids.push(...websites.map((website) => website.website_id ?? ""));
  }
}

describe("plugin connect", () => {
  it("answers the plugin id and accepts the session", async () => {
    const { client } = await start({ pluginId: "plugin-42" });

    expect(await client.plugin.getConnectAccount()).toEqual({ plugin_id: "plugin-42" });
    await expect(client.plugin.checkConnectSessionValidity()).resolves.toEqual({});
  });

  it("hands out its own socket.io endpoint as the socket endpoint, or the one it was given", async () => {
    const own = await start();
    const endpoints = await own.client.plugin.getConnectEndpoints();
    await own.sim.close();
    const given = await start({ socketUrl: "http://127.0.0.1:9/rtm" });

    const rtm = `${own.sim.url}/rtm/`;
    expect(own.sim.rtmUrl).toBe(rtm);
    expect(endpoints).toEqual({ socket: { app: rtm }, rescue: { socket: { app: rtm } } });
    expect((await given.client.plugin.getConnectEndpoints()).socket?.app).toBe("http://127.0.0.1:9/rtm");
  });

  it("pages every subscribed website and ends with an empty page", async () => {
    const websites = ["w1", "w2", "w3", "w4", "w5"].map((website_id) => ({ website_id, settings: { on: true } }));
    const { sim, client } = await start({ websites, pageSize: 2 });
    sim.uninstall("w3");

    expect(await listAllWebsites(client)).toEqual({ ids: ["w1", "w2", "w4", "w5"], pages: 3 });
  });

  it("lists token and settings, the plan when asked, and only configured websites when filtered", async () => {
    const plan = { id: "plan-1", name: "Unlimited", trialing: false };
    const { client } = await start({
      websites: [
        { website_id: "configured", token: "t-1", settings: { greeting: "Hi" }, plan },
        { website_id: "blank", token: "t-2" },
      ],
    });

    expect(await client.plugin.listAllConnectWebsites(1, false, true)).toEqual([
      { website_id: "configured", token: "t-1", settings: { greeting: "Hi" }, plan },
      { website_id: "blank", token: "t-2", settings: {} },
    ]);
    expect((await listAllWebsites(client, true)).ids).toEqual(["configured"]);
  });

  it("lists websites added, removed and updated since a date, with their difference", async () => {
    const { sim, client } = await start({
      websites: [{ website_id: "old" }, { website_id: "gone" }, { website_id: "edited" }],
    });
    clock += 60_000;
    const since = new Date(clock).toISOString();
    sim.install({ website_id: "new" });
    sim.uninstall("gone");
    sim.updateSettings("edited", { greeting: "Hello" });

    const changes = await client.plugin.listConnectWebsitesSince(since, false, false);

    expect(changes.map(({ website_id, difference }) => ({ website_id, difference }))).toEqual([
      { website_id: "gone", difference: "removed" },
      { website_id: "edited", difference: "updated" },
      { website_id: "new", difference: "added" },
    ]);
  });

  it("answers 400 invalid_data for a date that is not one", async () => {
    const { client } = await start();

    await expect(client.plugin.listConnectWebsitesSince("yesterday", false, false)).rejects.toMatchObject({
      code: 400,
      message: "invalid_data",
    });
  });
});

describe("subscription settings", () => {
  const website = {
    website_id: "w1",
    token: "t-1",
    settings: { greeting: "Hi", hours: { from: "09:00", to: "18:00" } },
  };

  it("answers the settings with the plugin id, token and schema", async () => {
    const schema = { type: "object", properties: { greeting: { type: "string" } } };
    const { sim, client } = await start({ websites: [website], settingsSchema: schema });

    expect(await client.plugin.getSubscriptionSettings("w1", sim.pluginId)).toEqual({
      plugin_id: sim.pluginId,
      website_id: "w1",
      token: "t-1",
      schema,
      settings: website.settings,
    });
  });

  it("replaces on save and merges nested objects on update", async () => {
    const { sim, client } = await start({ websites: [website] });

    await client.plugin.updateSubscriptionSettings("w1", sim.pluginId, { hours: { to: "20:00" } });
    const merged = sim.website("w1")?.settings;
    await client.plugin.saveSubscriptionSettings("w1", sim.pluginId, { greeting: "Yo" });

    expect(merged).toEqual({ greeting: "Hi", hours: { from: "09:00", to: "20:00" } });
    expect(sim.website("w1")).toMatchObject({ settings: { greeting: "Yo" }, difference: "updated" });
  });

  it("answers 404 not_subscribed for another plugin's id or a website without the plugin", async () => {
    const { sim, client } = await start({ websites: [website] });

    await expect(client.plugin.getSubscriptionSettings("w1", "other-plugin")).rejects.toMatchObject({
      code: 404,
      message: "not_subscribed",
    });
    await expect(client.plugin.getSubscriptionSettings("w2", sim.pluginId)).rejects.toMatchObject({
      code: 404,
      message: "not_subscribed",
    });
  });

  it("keeps a __proto__ key as data and pollutes no prototype", async () => {
    const { sim, client } = await start({ websites: [website] });
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "hours": {"__proto__": {"polluted": true}}}',
    ) as object;

    await client.plugin.updateSubscriptionSettings("w1", sim.pluginId, hostile);

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const settings = sim.website("w1")?.settings ?? {};
    expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    expect(Object.keys(settings)).toContain("__proto__");
  });
});
