import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { compileRuleSet } from "../../src/core/engine/compile-rule-set.js";
import { formatDecision } from "../../src/core/engine/format-decision.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import type { ConditionSpec } from "../../src/core/manifest/manifest.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { SESSION, URN, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import { engineDeps, loadRuleSet, logStep, websiteFor, type TempDir, useWorld } from "./engine-harness.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;

useWorld((world) => ({ sim, crisp, dir } = world));

describe("the reason a rule did not match", () => {
  const settings = {
    type: "object",
    properties: { limit: { type: "integer", default: 3 }, timezone: { type: "string", default: "Mars/Olympus" } },
  };

  it.each<[string, ConditionSpec | ConditionSpec[], string]>([
    [
      "a value that differs",
      { path: "data.type", equals: "file" },
      'rules[0].if: data.type is "text", expected "file"',
    ],
    [
      "the first failing item of a list",
      [
        { path: "data.from", equals: "user" },
        { path: "data.content", matches: { pattern: "\\b(refund|return)\\b", flags: "i" } },
      ],
      'rules[0].if[1]: data.content "hello" does not match /\\b(refund|return)\\b/i',
    ],
    [
      "every alternative of any",
      {
        any: [
          { path: "data.content", contains: "refund" },
          { path: "data.content", starts_with: "!" },
        ],
      },
      'rules[0].if: none of these holds: rules[0].if.any[0]: data.content "hello" does not contain "refund"; ' +
        'rules[0].if.any[1]: data.content "hello" does not start with "!"',
    ],
    ["a missing value", { path: "data.user.nickname", exists: true }, "rules[0].if: data.user.nickname is not set"],
    [
      "a negation that holds",
      { not: { path: "data.from", equals: "user" } },
      'rules[0].if: must not hold, but data.from is "user"',
    ],
    [
      "a comparison",
      { path: "settings.limit", gte: 10 },
      "rules[0].if: settings.limit 3 is not greater than or equal to 10",
    ],
    [
      "a template that renders empty",
      { template: "{{#if data.user}}yes{{/if}}" },
      'rules[0].if: template "{{#if data.user}}yes{{/if}}" rendered ""',
    ],
    [
      "a timezone setting that is not a timezone",
      { time: { between: ["09:00", "18:00"], timezone: "{{settings.timezone}}" } },
      'rules[0].if: timezone "Mars/Olympus" (rendered from "{{settings.timezone}}") is not an IANA timezone such as "Europe/Paris"',
    ],
  ])("names the condition and the values for %s", async (_case, condition, reason) => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      settings,
      rules: [{ id: "picky", on: "message:send", if: condition, do: [logStep("matched")] }],
    });
    const { deps, info } = engineDeps(crisp, { mode: "record" });

    const record = await handleEvent(ruleSet, visitorMessage("hello"), websiteFor(manifest), deps);

    expect(record.rules[0]?.outcome).toBe("condition-failed");
    expect(record.rules[0]?.reason).toBe(reason);
    expect(record.rules[0]?.steps).toEqual([]);
    expect(info()).toEqual([]);
  });

  it("names a step's condition by its place in the rule", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [
        {
          id: "steps",
          on: "message:send",
          do: [logStep("first"), logStep("second", { if: { path: "data.content", in: ["yes", "no"] } })],
        },
      ],
    });
    const { deps } = engineDeps(crisp);

    const record = await handleEvent(ruleSet, visitorMessage("maybe"), websiteFor(manifest), deps);

    expect(record.rules[0]?.steps[1]).toMatchObject({
      outcome: "skipped",
      reason: 'rules[0].do[1].if: data.content is "maybe", expected one of "yes", "no"',
    });
  });

  // Reasons are written when read (most are never read, and writing them is the costly part of a
  // failed condition), so a record is copied through JSON: toJSON writes every reason.
  it("keeps why a rule did not match when the record is serialised", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [{ id: "files", on: "message:send", if: { path: "data.type", equals: "file" }, do: [logStep("x")] }],
    });
    const { deps } = engineDeps(crisp, { mode: "record" });

    const record = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);

    const why = 'rules[0].if: data.type is "text", expected "file"';
    expect(record.rules[0]?.reason).toBe(why);
    const copy = JSON.parse(JSON.stringify(record)) as { rules: { reason?: string }[] };
    expect(copy.rules[0]?.reason).toBe(why);
  });

  // Rules that do not run share one frozen empty list of steps instead of one list each.
  it("gives a rule that did not run no steps, and the rule that ran its own", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [
        { id: "files", on: "message:send", if: { path: "data.type", equals: "file" }, do: [logStep("x")] },
        { id: "texts", on: "message:send", if: { path: "data.type", equals: "text" }, do: [logStep("y")] },
        { id: "after", on: "message:send", do: [logStep("z")] },
      ],
    });
    const { deps } = engineDeps(crisp, { mode: "record" });

    const first = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);
    const second = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);

    const [files, texts, after] = first.rules;
    expect(files?.steps).toEqual([]);
    expect(() => (files?.steps as unknown[]).push("a step")).toThrow(TypeError);
    expect(texts?.steps.map((step) => step.outcome)).toEqual(["recorded"]);
    expect(texts?.steps).not.toBe(second.rules[1]?.steps);
    expect(texts?.steps).not.toBe(after?.steps);
    expect(JSON.parse(JSON.stringify(files))).toEqual({
      rule: "files",
      outcome: "condition-failed",
      reason: 'rules[0].if: data.type is "text", expected "file"',
      steps: [],
    });
  });
});

describe("formatDecision", () => {
  it("shows, for the example plugin, the reply sent, the step Crisp refused and the rule that still ran", async () => {
    const loaded = await loadManifest("plugin.yaml", { cwd: REPO_ROOT });
    if (loaded.manifest === undefined) throw new Error("the example plugin.yaml is invalid");
    // after-hours reads the segments before adding its own: Crisp refuses that read.
    sim.failNext({ route: "getConversationMetas", status: 429, retryAfterSeconds: 1 });
    const { deps } = engineDeps(crisp, { now: "2026-11-24T20:00:00Z" });
    const event = visitorMessage("This is urgent: my order never arrived!");

    const record = await handleEvent(compileRuleSet(loaded.manifest), event, websiteFor(loaded.manifest), deps);
    const lines = formatDecision(record).split("\n");

    expect(lines[0]).toBe(`message:send on website ${WEBSITE}, conversation ${SESSION}`);
    expect(lines[1]).toMatch(
      /^ {2}! after-hours: failed: step 2 \(add_segments\) failed: getConversationMetas: Crisp answered 429/,
    );
    expect(lines[2]).toBe(
      "      1. send_message " +
        JSON.stringify({
          content: "Thanks for your message! We're away right now and will answer first thing tomorrow.",
          user: { nickname: "Hello Hours" },
          type: "text",
          from: "operator",
          stealth: false,
        }),
    );
    expect(lines[3]).toMatch(
      /^ {6}2\. add_segments failed CRISP_REQUEST_FAILED: getConversationMetas: Crisp answered 429/,
    );
    expect(lines.slice(4, 6)).toEqual(["  ✓ urgent: matched, runs:", '      1. add_segments {"segments":["urgent"]}']);
    expect(lines[6]).toMatch(/^ {6}2\. send_message \{"type":"note","content":"Flagged as urgent by Hello Hours: /);
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["vip", "urgent"]);
  });

  it("explains every rule that did not run, and every step that was skipped", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [
        { id: "other-event", on: "session:set_email", do: [logStep("x")] },
        { id: "off", on: "message:send", enabled: false, do: [logStep("x")] },
        { id: "echo", on: "message:send", do: [logStep("x")] },
        { id: "operators-only", on: "message:send", if: { path: "data.from", equals: "user" }, do: [logStep("x")] },
        {
          id: "audit",
          on: "message:send",
          include_own_events: true,
          do: [
            logStep("skipped", { id: "maybe", if: { path: "data.type", equals: "note" } }),
            { action: "stop", with: { rules: true } },
          ],
        },
        { id: "last", on: "message:send", do: [logStep("x")] },
      ],
    });
    const { deps } = engineDeps(crisp, { mode: "record" });
    const ownMessage = visitorMessage("echo", { from: "operator", origin: URN });

    const record = await handleEvent(ruleSet, ownMessage, websiteFor(manifest), deps, { explainAll: true });

    expect(formatDecision(record)).toBe(
      [
        `message:send on website ${WEBSITE}, conversation ${SESSION}`,
        "  · other-event: does not listen to message:send",
        "  · off: disabled (enabled: false)",
        `  ✗ echo: skipped: the event was caused by this plugin (origin ${URN}); set include_own_events to run anyway`,
        `  ✗ operators-only: skipped: the event was caused by this plugin (origin ${URN}); set include_own_events to run anyway`,
        "  ✓ audit: matched, runs:",
        '      1. log (id maybe) skipped: rules[4].do[0].if: data.type is "text", expected "note"',
        '      2. stop {"rules":true}',
        "  ✗ last: skipped: an earlier rule ran `stop` with `rules: true`",
        "",
      ].join("\n"),
    );
  });

  it("says so when no rule listens to the event", async () => {
    const { manifest, ruleSet } = await loadRuleSet(dir, {
      rules: [{ id: "emails", on: "session:set_email", do: [logStep("x")] }],
    });
    const { deps } = engineDeps(crisp, { mode: "record" });

    const record = await handleEvent(ruleSet, visitorMessage(), websiteFor(manifest), deps);

    expect(formatDecision(record)).toBe(
      `message:send on website ${WEBSITE}, conversation ${SESSION}\n  no rule listens to this event\n`,
    );
  });
});
