import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/core/logging/logger.js";
import { startDevSession, type DevSession } from "../../src/devkit/dev/start-dev-session.js";
import { REPO_ROOT } from "../cli/run-cli.js";
import { recipeManifest } from "./recipe-names.js";

// The manifests' own tests run in record mode: a step that reads an earlier step's result (the
// "once per conversation" idiom) and hooks do not run there. These run two recipes for real,
// against the built-in Crisp simulator, through the same runtime as `crisp-plugin dev`.

const WEBSITE = "demo-website-1";
/** Monday 5 January 2026, 21:00 in Paris: after hours for the after-hours recipe's defaults. */
const MONDAY_EVENING = new Date("2026-01-05T20:00:00Z");

let session: DevSession | undefined;
afterEach(async () => {
  await session?.close(1_000);
  session = undefined;
});

async function start(recipe: string, now: () => Date = () => MONDAY_EVENING): Promise<DevSession> {
  session = await startDevSession({
    manifest: recipeManifest(recipe),
    cwd: REPO_ROOT,
    log: silentLogger,
    print: () => undefined,
    now,
  });
  return session;
}

/** Events the runtime has taken in so far, whatever it did with them. */
async function received(dev: DevSession): Promise<number> {
  const { values } = await dev.runtime.metrics.eventsReceived.get();
  return values.reduce((sum, { value }) => sum + value, 0);
}

/** Waits until the runtime has taken in `count` events and handled them. */
async function untilHandled(dev: DevSession, count: number): Promise<void> {
  await vi.waitFor(async () => {
    expect(await received(dev)).toBeGreaterThanOrEqual(count);
  });
  await dev.runtime.idle();
}

/** A visitor writes in a conversation of the demo website, as Crisp would deliver it. */
function visitorWrites(dev: DevSession, sessionId: string, text: string): void {
  dev.simulator.visitorWrites(WEBSITE, sessionId, text, "Jane");
}

describe("recipes at run time", () => {
  it("after-hours answers once per conversation: the second message finds the segment already set", async () => {
    const dev = await start("after-hours");

    visitorWrites(dev, "session_a", "Hi, is anyone there?");
    await dev.simulator.waitForCall({ route: "sendMessageInConversation", sessionId: "session_a" });
    visitorWrites(dev, "session_a", "Hello??");
    // Events of one conversation are handled one at a time: once the third message's segments are
    // read, the second message's rule has finished.
    visitorWrites(dev, "session_a", "Still there?");
    await vi.waitFor(() => {
      expect(dev.simulator.calls({ route: "getConversationMetas", sessionId: "session_a" })).toHaveLength(3);
    });

    const replies = dev.simulator.calls({ route: "sendMessageInConversation", sessionId: "session_a" });
    expect(replies).toHaveLength(1);
    expect(dev.simulator.conversation(WEBSITE, "session_a")?.meta.segments).toEqual(["after-hours"]);
  });

  it("keyword-router's hook assigns a team's conversations to its operators in turn", async () => {
    const dev = await start("keyword-router");
    dev.simulator.updateSettings(WEBSITE, { billing_operators: ["op-anna", "op-bruno"] });
    await vi.waitFor(() => {
      expect(dev.runtime.registry.get(WEBSITE)?.rawSettings).toHaveProperty("billing_operators");
    });

    for (const [index, sessionId] of ["session_1", "session_2", "session_3"].entries()) {
      visitorWrites(dev, sessionId, "I was charged twice, I need a refund");
      await dev.simulator.waitForCall({ route: "assignConversationRouting", sessionId });
      // The hook returns after its call lands: until it has, the next message would find its worker
      // busy and start a second one, with a turn of its own (the recipe's README says so).
      await dev.runtime.idle();
      expect(dev.simulator.calls({ route: "assignConversationRouting" })).toHaveLength(index + 1);
    }

    const assigned = dev.simulator
      .calls({ route: "assignConversationRouting" })
      .map((call) => (call.body as { assigned: { user_id: string } }).assigned.user_id);
    expect(assigned).toEqual(["op-anna", "op-bruno", "op-anna"]);
    expect(dev.simulator.conversation(WEBSITE, "session_1")?.meta.segments).toEqual(["billing"]);
  });

  it("no-answer-escalation escalates a conversation nobody answered within 5 minutes, not one an operator answered", async () => {
    let now = MONDAY_EVENING.getTime();
    const dev = await start("no-answer-escalation", () => new Date(now));
    const before = await received(dev);
    visitorWrites(dev, "session_waiting", "Is anyone there?");
    visitorWrites(dev, "session_answered", "Hello?");
    await untilHandled(dev, before + 2);
    dev.simulator.emit(WEBSITE, "message:received", {
      session_id: "session_answered",
      type: "text",
      from: "operator",
      origin: "chat",
      content: "Hi, how can I help?",
      fingerprint: 99,
    });
    await untilHandled(dev, before + 3);

    now += 4 * 60_000;
    expect(await dev.runtime.work.poll()).toBe(0);
    now += 60_000;
    expect(await dev.runtime.work.poll()).toBe(1);
    await dev.runtime.idle();

    const sent = (sessionId: string) =>
      dev.simulator
        .calls({ route: "sendMessageInConversation", sessionId })
        .map((call) => (call.body as { type: string; content: string }).type);
    expect(sent("session_waiting")).toEqual(["text", "note"]);
    expect(dev.simulator.conversation(WEBSITE, "session_waiting")?.meta.segments).toEqual(["waiting"]);
    expect(sent("session_answered")).toEqual([]);
  });
});
