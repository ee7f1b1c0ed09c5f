import { describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import type { StepLedger } from "../../src/core/engine/step-ledger.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { StepRecord } from "../../src/core/ports/store.js";
import { SESSION, WEBSITE, visitorMessage } from "../actions/action-harness.js";
import { asJson, engineDeps, loadRuleSet, websiteFor, type TempDir, useWorld } from "./engine-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;

useWorld((world) => ({ sim, crisp, dir } = world));

/** A ledger in memory that keeps what the engine records, starting from `steps`. */
function memoryLedger(steps: Record<string, StepRecord> = {}): StepLedger & { recorded: [string, StepRecord][] } {
  const recorded: [string, StepRecord][] = [];
  return {
    workId: "work-1",
    steps: new Map(Object.entries(steps)),
    recorded,
    record: (key, record) => {
      recorded.push([key, record]);
      return Promise.resolve();
    },
    claimGuard: () => Promise.resolve(true),
    defer: () => Promise.resolve(),
    deadLetter: () => Promise.resolve(),
  };
}

const TAG_THEN_ANSWER = [
  {
    id: "welcome",
    on: "message:send",
    do: [
      { id: "tag", action: "add_segments", with: { segments: ["welcomed"] } },
      { action: "mark_read", with: {} },
      { action: "send_message", if: { path: "steps.tag.changed", equals: true }, with: { content: "Welcome!" } },
    ],
  },
];

describe("what the engine journals, and what a resumed event does with it", () => {
  it("records a message as started then done, a step whose result is read as done, and nothing for a step safe to repeat", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, { rules: TAG_THEN_ANSWER });
    const ledger = memoryLedger();

    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, { ledger });

    expect(asJson(ledger.recorded)).toEqual([
      ["welcome#0", { state: "done", result: { segments: ["vip", "welcomed"], changed: true } }],
      ["welcome#2", { state: "started" }],
      ["welcome#2", { state: "done", result: { fingerprint: expect.any(Number) as number } }],
    ]);
  });

  it("does not redo a step done before the restart, and later steps see its result as it was", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, { rules: TAG_THEN_ANSWER });
    // The segment was added before the crash: adding it again would answer changed: false.
    await crisp.updateMeta(WEBSITE, SESSION, { segments: ["vip", "welcomed"] });
    const before = sim.calls().length;
    const ledger = memoryLedger({
      "welcome#0": { state: "done", result: { segments: ["vip", "welcomed"], changed: true } },
    });

    const record = await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, {
      ledger,
    });

    expect(record.rules[0]?.steps.map((step) => [step.action, step.outcome, step.replayed ?? false])).toEqual([
      ["add_segments", "done", true],
      ["mark_read", "done", false],
      ["send_message", "done", false],
    ]);
    expect(
      sim
        .calls()
        .slice(before)
        .map((call) => call.route),
    ).toEqual(["markMessagesReadInConversation", "sendMessageInConversation"]);
  });

  it("checks the conversation before sending again a message that had started, and does not send it twice", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [{ id: "answer", on: "message:send", do: [{ action: "send_message", with: { content: "Once" } }] }],
    });
    const first = memoryLedger();
    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, { ledger: first });
    // The process died after Crisp stored the message, before the step was recorded as done.
    const resumed = memoryLedger({ "answer#0": { state: "started" } });

    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, { ledger: resumed });

    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
    expect(sim.calls({ route: "getMessagesInConversation" }).length).toBeGreaterThan(0);
    expect(sim.conversation(WEBSITE, SESSION)?.messages.filter((message) => message.content === "Once")).toHaveLength(
      1,
    );
  });

  it("checks the conversation before sending a message of work started before, even with no record of the step", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [{ id: "answer", on: "message:send", do: [{ action: "send_message", with: { content: "Once" } }] }],
    });
    const first = memoryLedger();
    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, { ledger: first });
    // The process died after sending, before the step's `started` record was written.
    const resumed = { ...memoryLedger(), startedBefore: true };

    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, { ledger: resumed });

    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
    expect(sim.calls({ route: "getMessagesInConversation" }).length).toBeGreaterThan(0);
  });

  it("sends a message of work never started before without checking first", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [{ id: "answer", on: "message:send", do: [{ action: "send_message", with: { content: "Once" } }] }],
    });

    await handleEvent(ruleSet, visitorMessage("hi"), websiteFor(manifest), engineDeps(crisp).deps, {
      ledger: memoryLedger(),
    });

    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
    expect(sim.calls({ route: "getMessagesInConversation" })).toHaveLength(0);
  });
});
