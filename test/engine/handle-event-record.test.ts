import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { SESSION, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import {
  engineDeps,
  loadRuleSet,
  logStep,
  MESSAGE_SCOPES,
  websiteFor,
  type TempDir,
  useWorld,
} from "./engine-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;

useWorld((world) => ({ sim, crisp, dir } = world));

describe("handleEvent in record mode", () => {
  let server: Server;
  let requests: number;

  beforeEach(async () => {
    requests = 0;
    server = createServer((_request, response) => {
      requests += 1;
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("calls neither Crisp nor outside hosts, and records each step's rendered parameters", async () => {
    const host = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      scopes: [...MESSAGE_SCOPES, { scope: "website:conversation:states", access: ["write"] }],
      settings: { type: "object", properties: { greeting: { type: "string", default: "Hi {{name}}" } } },
      http: { allow: [host] },
      rules: [
        {
          id: "answer",
          on: "message:send",
          do: [
            { action: "send_message", with: { content: "{{settings.greeting}}, about: {{data.content}}" } },
            { action: "add_segments", with: { segments: ["{{data.type}}"] } },
            { action: "set_state", with: { state: "unresolved" } },
            {
              action: "http",
              with: { url: `http://${host}/notify/{{website.id}}`, body: { text: "{{data.content}}" } },
            },
            logStep("answered"),
            { action: "stop", with: { rules: true } },
          ],
        },
        { id: "later", on: "message:send", do: [{ action: "send_message", with: { content: "never" } }] },
      ],
    });
    const { deps, info } = engineDeps(crisp, { mode: "record" });

    const record = await handleEvent(ruleSet, visitorMessage("refund"), websiteFor(manifest), deps);

    expect(sim.calls()).toEqual([]);
    expect(requests).toBe(0);
    expect(info()).toEqual([]);
    expect(record.rules[0]?.steps.map((step) => [step.action, step.outcome, step.params])).toEqual([
      [
        "send_message",
        "recorded",
        { content: "Hi {{name}}, about: refund", type: "text", from: "operator", stealth: false },
      ],
      ["add_segments", "recorded", { segments: ["text"] }],
      ["set_state", "recorded", { state: "unresolved" }],
      ["http", "recorded", { url: `http://${host}/notify/${WEBSITE}`, body: { text: "refund" }, method: "POST" }],
      ["log", "recorded", { message: "answered", level: "info" }],
      ["stop", "recorded", { rules: true }],
    ]);
    expect(record.rules[1]).toMatchObject({ rule: "later", outcome: "stopped-earlier" });
    expect(sim.conversation(WEBSITE, SESSION)).toMatchObject({ state: "pending", messages: [] });
  });
});

describe("time conditions, evaluated at the injected now", () => {
  const afterHours = {
    settings: { type: "object", properties: { timezone: { type: "string", default: "Europe/Paris" } } },
    rules: [
      {
        id: "after-hours",
        on: "message:send",
        if: [
          { path: "data.type", equals: "text" },
          {
            not: {
              time: {
                weekdays: ["mon", "tue", "wed", "thu", "fri"],
                between: ["09:00", "18:00"],
                timezone: "{{settings.timezone}}",
              },
            },
          },
        ],
        do: [{ action: "send_message", with: { content: "We are closed, back at 9." } }],
      },
    ],
  };

  it.each([
    ["2026-11-24T20:00:00Z", "Tuesday 21:00 in Paris"],
    ["2026-11-24T07:59:00Z", "Tuesday 08:59 in Paris"],
    ["2026-11-28T10:00:00Z", "Saturday 11:00 in Paris"],
    ["2026-07-07T16:30:00Z", "Tuesday 18:30 in Paris (summer time)"],
  ])("answers after hours at %s (%s)", async (now) => {
    const { manifest, ruleSet } = await loadRuleSet(dir, afterHours);
    const { deps } = engineDeps(crisp, { now });

    const record = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);

    expect(record.rules[0]?.outcome).toBe("ran");
    expect(sim.conversation(WEBSITE, SESSION)?.messages).toMatchObject([{ content: "We are closed, back at 9." }]);
  });

  it.each([
    ["2026-11-24T10:00:00Z", "Tuesday 11:00"],
    ["2026-11-24T08:00:00Z", "Tuesday 09:00"],
    ["2026-11-24T16:30:00Z", "Tuesday 17:30"],
  ])("stays silent during business hours at %s, saying it is %s in Europe/Paris", async (now, local) => {
    const { manifest, ruleSet } = await loadRuleSet(dir, afterHours);
    const { deps } = engineDeps(crisp, { now });

    const record = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);

    expect(record.rules[0]?.outcome).toBe("condition-failed");
    expect(record.rules[0]?.reason).toBe(
      `rules[0].if[1]: must not hold, but it is ${local} in Europe/Paris, within mon-fri 09:00-18:00`,
    );
    expect(sim.calls()).toEqual([]);
  });

  it("reads the business hours in the website's own timezone setting", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, afterHours);
    const { deps } = engineDeps(crisp, { now: "2026-11-24T10:00:00Z" });

    const newYork = await handleEvent(
      ruleSet,
      visitorMessage(),
      websiteFor(manifest, { timezone: "America/New_York" }),
      deps,
    );

    expect(newYork.rules[0]?.outcome).toBe("ran");
    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
  });

  it("uses now, not the event's timestamp", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, afterHours);
    const { deps } = engineDeps(crisp, { now: "2026-11-24T10:00:00Z" });
    // Sunday 3 November 2024, 12:00 in Paris: after hours, if the event's own time were used.
    const event = { ...visitorMessage(), timestamp: Date.parse("2024-11-03T11:00:00Z") };

    const record = await handleEvent(ruleSet, event, websiteFor(manifest), deps);

    expect(record.rules[0]?.outcome).toBe("condition-failed");
  });
});
