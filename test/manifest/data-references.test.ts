import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest, validateManifestBytes } from "../../src/core/manifest/load-manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";

/** A manifest with one rule on `on`, whose steps are given as YAML lines (indented for `do:`). */
function manifest(on: string, steps: string, settings = "    greeting: { type: string, default: Hi }"): string {
  return `version: 1
plugin: { urn: "urn:acme:refs:0", name: Refs }
scopes:
  - { scope: website:conversation:messages, access: [read, write] }
  - { scope: website:conversation:sessions, access: [read, write] }
settings:
  type: object
  properties:
${settings}
rules:
  - id: r
    on: ${on}
    do:
${steps}
`;
}

function problems(text: string): string[] {
  const { problems: found } = validateManifestBytes("p.yaml", new TextEncoder().encode(text), ".");
  return found.filter((problem) => problem.code !== "UNUSED_SCOPE").map(formatProblem);
}

describe("data references", () => {
  it("accepts any path under a free-form object of the event (session:set_data's data.data)", () => {
    const text = manifest("session:set_data", '      - { action: log, with: { message: "{{data.data.plan.tier}}" } }');
    expect(problems(text)).toEqual([]);
  });

  it("accepts a field that only one of the rule's events has", () => {
    const text = manifest(
      "[message:send, session:set_email]",
      '      - { action: log, with: { message: "{{data.email}}" } }',
    );
    expect(problems(text)).toEqual([]);
  });

  it("checks a step's result against its action's result schema, and names the fields it has", () => {
    const steps = [
      '      - { id: sent, action: send_message, with: { content: "hi" } }',
      '      - { action: log, with: { message: "{{steps.sent.fingerprint}} {{steps.sent.fingerprnt}}" } }',
    ].join("\n");
    expect(problems(manifest("message:send", steps))).toEqual([
      'p.yaml:15:71: UNKNOWN_STEP "steps.sent.fingerprnt": the result of send_message has no field "fingerprnt" (did you mean "fingerprint"?)',
    ]);
  });

  it("accepts any path into a hook step's result, which declares no schema", () => {
    const steps = [
      "      - { id: plan, action: hook:lookupPlan }",
      '      - { action: log, with: { message: "{{steps.plan.anything.at.all}}" } }',
    ].join("\n");
    expect(problems(manifest("message:send", steps)).filter((line) => line.includes("UNKNOWN_STEP"))).toEqual([]);
  });

  it("refuses a step read before the step runs, and any step in a rule's own conditions", () => {
    const steps = [
      '      - { action: log, with: { message: "{{steps.later.fingerprint}}" } }',
      '      - { id: later, action: send_message, with: { content: "hi" } }',
    ].join("\n");
    expect(problems(manifest("message:send", steps))).toEqual([
      'p.yaml:14:44: UNKNOWN_STEP "steps.later.fingerprint": no step before this one has id "later"',
    ]);
    const inCondition = manifest("message:send", '      - { action: log, with: { message: "x" } }').replace(
      "    do:",
      "    if: { path: steps.x.y, equals: 1 }\n    do:",
    );
    expect(problems(inCondition)).toEqual([
      'p.yaml:13:17: UNKNOWN_STEP "steps.x.y": a rule\'s conditions are checked before any step runs',
    ]);
  });

  it("does not check paths inside #each, which are relative to each item", () => {
    const text = manifest(
      "message:send",
      '      - { action: log, with: { message: "{{#each data.mentions}}{{whatever}}{{/each}} {{data.mentions.length}}" } }',
    );
    expect(problems(text)).toEqual([]);
  });

  it("says a plain value has no fields", () => {
    const text = manifest("message:send", '      - { action: log, with: { message: "{{data.type.name}}" } }');
    expect(problems(text)).toEqual([
      'p.yaml:14:44: UNKNOWN_EVENT_FIELD "data.type.name": data.type of message:send is a plain value, without "name"',
    ]);
  });
});

describe("data references into a hook's result", () => {
  it("checks paths against the hook's declared `returns` schema once the hooks are loaded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "refs-"));
    try {
      const hooks = `export default {
  lookupPlan: {
    returns: { type: "object", properties: { plan: { type: "string" } } },
    run() { return { plan: "pro" }; },
  },
};
`;
      await writeFile(join(dir, "hooks.js"), hooks);
      const steps = [
        "      - { id: plan, action: hook:lookupPlan }",
        '      - { action: log, with: { message: "{{steps.plan.plan}} {{steps.plan.tier}}" } }',
      ].join("\n");
      await writeFile(
        join(dir, "plugin.yaml"),
        manifest("message:send", steps).replace("rules:", "hooks: ./hooks.js\nrules:"),
      );
      const loaded = await loadManifest("plugin.yaml", { cwd: dir });
      expect(loaded.problems.filter((problem) => problem.severity === "error").map(formatProblem)).toEqual([
        'plugin.yaml:16:64: UNKNOWN_STEP "steps.plan.tier": the result of hook:lookupPlan has no field "tier" (it has plan)',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
