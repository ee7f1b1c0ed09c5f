import { afterEach, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { pluginClient } from "./plugin-client.js";

const WEBSITE = "website-1";
const SESSION = "session_faults";
const TEXT = { type: "text", from: "operator", origin: "urn:test:0", content: "hi" } as const;

let sim: CrispSimulator | undefined;

async function start(sleep?: (ms: number) => Promise<void>): Promise<CrispSimulator> {
  sim = await startCrispSimulator({
    websites: [{ website_id: WEBSITE }],
    ...(sleep === undefined ? {} : { sleep }),
  });
  sim.createConversation(WEBSITE, { session_id: SESSION });
  return sim;
}

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The statuses of `count` sequential calls to the account route. */
async function statuses(sim: CrispSimulator, count: number): Promise<number[]> {
  const client = pluginClient(sim);
  const seen: number[] = [];
  for (let index = 0; index < count; index += 1) {
    seen.push(
      await client.plugin.getConnectAccount().then(
        () => 200,
        (error: unknown) => (error as { code: number }).code,
      ),
    );
  }
  return seen;
}

describe("failRandomly", () => {
  it("fails about the share asked, with the statuses asked, the same way for the same seed", async () => {
    const sim = await start();
    sim.failRandomly({ share: 0.3, statuses: [429, 503], seed: 7 });
    const first = await statuses(sim, 200);
    sim.failRandomly({ share: 0.3, statuses: [429, 503], seed: 7 });
    const second = await statuses(sim, 200);

    expect(second).toEqual(first);
    const failed = first.filter((status) => status !== 200);
    expect(failed.length).toBeGreaterThan(40);
    expect(failed.length).toBeLessThan(80);
    expect(new Set(failed)).toEqual(new Set([429, 503]));
  });

  it("stores the message, then answers 500, when a 5xx is drawn after the write", async () => {
    const sim = await start();
    sim.failRandomly({ share: 1, statuses: [500], appliedShare: 1, seed: 1 });

    await expect(pluginClient(sim).website.sendMessageInConversation(WEBSITE, SESSION, TEXT)).rejects.toMatchObject({
      code: 500,
    });

    expect(sim.conversation(WEBSITE, SESSION)?.messages).toHaveLength(1);
  });

  it("stores nothing when it refuses with 429", async () => {
    const sim = await start();
    sim.failRandomly({ share: 1, statuses: [429], appliedShare: 1, seed: 1 });

    await expect(pluginClient(sim).website.sendMessageInConversation(WEBSITE, SESSION, TEXT)).rejects.toMatchObject({
      code: 429,
    });

    expect(sim.conversation(WEBSITE, SESSION)?.messages).toHaveLength(0);
  });

  it("carries a call out, then answers it late, for a timeout", async () => {
    const slept: number[] = [];
    const sim = await start((ms) => Promise.resolve(void slept.push(ms)));
    sim.failRandomly({ share: 0, timeoutShare: 1, timeoutDelayMs: 12_000, seed: 1 });

    const sent: unknown = await pluginClient(sim).website.sendMessageInConversation(WEBSITE, SESSION, TEXT);

    expect(sent).toMatchObject({ fingerprint: sim.conversation(WEBSITE, SESSION)?.messages[0]?.fingerprint });

    expect(slept).toEqual([12_000]);
    expect(sim.conversation(WEBSITE, SESSION)?.messages).toHaveLength(1);
  });

  it("fails only the routes named, leaves failNext first, and stops on stopFailing", async () => {
    const sim = await start();
    const client = pluginClient(sim);
    sim.failRandomly({ share: 1, statuses: [503], routes: ["getConnectAccount"], seed: 1 });

    await expect(client.website.getConversation(WEBSITE, SESSION)).resolves.toBeDefined();
    sim.failNext({ route: "getConnectAccount", status: 418 });
    expect(await statuses(sim, 2)).toEqual([418, 503]);
    sim.stopFailing();
    expect(await statuses(sim, 1)).toEqual([200]);
  });

  it("refuses shares, statuses and delays out of range", async () => {
    const sim = await start();

    const refusal = (options: Parameters<CrispSimulator["failRandomly"]>[0]) => () => {
      sim.failRandomly(options);
    };
    expect(refusal({ share: 1.5 })).toThrow("share must be from 0 to 1");
    expect(refusal({ share: 0.8, timeoutShare: 0.3 })).toThrow("must not exceed 1");
    expect(refusal({ share: 0.1, statuses: [200] })).toThrow("statuses must be HTTP error statuses");
    expect(refusal({ share: 0.1, statuses: [] })).toThrow(RangeError);
    expect(refusal({ share: 0.1, timeoutDelayMs: -1 })).toThrow("timeoutDelayMs");
  });
});
