import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

const WEBSITE = "website-1";

let sim: CrispSimulator | undefined;

async function start(): Promise<CrispSimulator> {
  sim = await startCrispSimulator({ websites: [{ website_id: WEBSITE, settings: { greeting: "Hi" } }] });
  return sim;
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("test controls", () => {
  it("hand out copies: changing what they return changes nothing in the simulator", async () => {
    const sim = await start();
    const created = sim.createConversation(WEBSITE, { meta: { segments: ["a"] } });

    created.meta.segments.push("b");
    const website = sim.website(WEBSITE);
    if (website !== undefined) website.settings.greeting = "changed";

    expect(sim.conversation(WEBSITE, created.session_id)?.meta.segments).toEqual(["a"]);
    expect(sim.website(WEBSITE)?.settings).toEqual({ greeting: "Hi" });
  });

  it("keep a website's conversations when it uninstalls and installs the plugin again", async () => {
    const sim = await start();
    const { session_id } = sim.createConversation(WEBSITE);

    sim.uninstall(WEBSITE);
    sim.uninstall(WEBSITE);
    sim.install({ website_id: WEBSITE });

    await expect(pluginClient(sim).website.getConversation(WEBSITE, session_id)).resolves.toMatchObject({ session_id });
    expect(sim.website(WEBSITE)).toMatchObject({ subscribed: true, difference: "added", settings: { greeting: "Hi" } });
  });

  it("refuse, with a message saying what to do, to act on websites without the plugin", async () => {
    const sim = await start();
    sim.uninstall(WEBSITE);

    expect(() => {
      sim.updateSettings(WEBSITE, { greeting: "Yo" });
    }).toThrow("website website-1 did not install the plugin; install() it first");
    expect(() => sim.createConversation("website-nope")).toThrow("install() it first");
    expect(() =>
      sim.addMessage(WEBSITE, "session_nope", { type: "text", from: "user", origin: "chat", content: "x" }),
    ).toThrow("no conversation session_nope");
  });

  it("refuse failures that are not failures and counts that are not counts", async () => {
    const sim = await start();

    expect(() => {
      sim.failNext({ status: 200 });
    }).toThrow(RangeError);
    expect(() => {
      sim.failNext({ status: 429, times: 0 });
    }).toThrow(RangeError);
  });

  it("drop unused failures on clearFailures", async () => {
    const sim = await start();
    sim.failNext({ status: 500 });

    sim.clearFailures();

    await expect(pluginClient(sim).plugin.getConnectAccount()).resolves.toBeDefined();
  });
});

describe("startCrispSimulator", () => {
  it("refuses a page size that is not a positive integer", async () => {
    await expect(startCrispSimulator({ pageSize: 0 })).rejects.toThrow("pageSize must be an integer from 1");
  });

  it("listens on 127.0.0.1 and reports the REST host origin", async () => {
    const sim = await start();

    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.server.address()).toMatchObject({ address: "127.0.0.1", port: sim.port });
  });
});
