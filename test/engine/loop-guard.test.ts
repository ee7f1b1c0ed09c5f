import { describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { URN, visitorMessage } from "../actions/action-harness.js";
import { asJson, engineDeps, loadRuleSet, logStep, websiteFor, type TempDir, useWorld } from "./engine-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;

useWorld((world) => ({ sim, crisp, dir } = world));

describe("the loop guard", () => {
  const rules = [
    { id: "echo", on: "message:send", do: [{ action: "send_message", with: { content: "echo: {{data.content}}" } }] },
    { id: "audit", on: "message:send", include_own_events: true, do: [logStep("audit {{data.origin}}")] },
  ];

  it("runs no rule on an event the plugin caused itself, unless the rule sets include_own_events", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, { rules });
    const { deps, info } = engineDeps(crisp);
    const ownMessage = visitorMessage("echo: hello", { from: "operator", origin: URN });

    const record = await handleEvent(ruleSet, ownMessage, websiteFor(manifest), deps);

    expect(asJson(record.rules)).toEqual([
      {
        rule: "echo",
        outcome: "own-event",
        reason: `the event was caused by this plugin (origin ${URN}); set include_own_events to run anyway`,
        steps: [],
      },
      expect.objectContaining({ rule: "audit", outcome: "ran" }),
    ]);
    expect(info()).toEqual([`audit ${URN}`]);
    expect(sim.calls()).toHaveLength(0);
  });

  it("runs the rules on messages sent by another plugin or an operator", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, { rules });
    const { deps } = engineDeps(crisp);
    const otherPlugin = visitorMessage("hi", { from: "operator", origin: "urn:someone:else:0" });

    const record = await handleEvent(ruleSet, otherPlugin, websiteFor(manifest), deps);

    expect(record.rules.map((rule) => rule.outcome)).toEqual(["ran", "ran"]);
    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
  });
});
