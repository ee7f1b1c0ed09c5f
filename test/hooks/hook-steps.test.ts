import { fileURLToPath } from "node:url";
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantedScopes } from "../../src/runtime/crisp/granted-scopes.js";
import type { CrispGateway } from "../../src/runtime/crisp/crisp-gateway.js";
import { createCrispRest } from "../../src/runtime/crisp/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import { createHookWorkerPool, type HookWorkerPool } from "../../src/core/hooks/create-hook-worker-pool.js";
import { createHookRunner } from "../../src/core/hooks/load-hooks.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { SESSION, startWorld, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import {
  createTempDir,
  engineDeps,
  loadRuleSet,
  logStep,
  websiteFor,
  type LoadedRuleSet,
  type TempDir,
} from "../engine/engine-harness.js";

const TEAM_HOOKS = fileURLToPath(new URL("../fixtures/engine/hooks/team-hooks.ts", import.meta.url));

/** What the hook rules need: receive messages, tag conversations (for tagConversation). */
const SCOPES = [
  { scope: "website:conversation:messages", access: ["read"] },
  { scope: "website:conversation:sessions", access: ["write"] },
];

let sim: CrispSimulator;
let gateway: CrispGateway;
let dir: TempDir;

const DEFINE_HOOKS = fileURLToPath(new URL("../../src/core/hooks/define-hooks.js", import.meta.url));

beforeEach(async () => {
  ({ sim, gateway } = await startWorld());
  dir = await createTempDir();
  // The hooks module must sit in the manifest's folder (HOOKS_OUTSIDE_FOLDER): a copy, importing
  // defineHooks from the sources by absolute path.
  const source = await readFile(TEAM_HOOKS, "utf8");
  await dir.write("team-hooks.ts", source.replace("../../../../src/core/hooks/define-hooks.js", DEFINE_HOOKS));
});
afterEach(async () => {
  await dir.remove();
  await sim.close();
});

/** Loads a manifest using the team hooks, as the runtime does. */
async function loadWithHooks(
  rules: Record<string, unknown>[],
): Promise<LoadedRuleSet & { hooks: NonNullable<LoadedRuleSet["hooks"]> }> {
  const loaded = await loadRuleSet(dir, {
    scopes: SCOPES,
    settings: { type: "object", properties: { greeting: { type: "string", default: "Welcome" } } },
    hooks: "./team-hooks.ts",
    rules,
  });
  if (loaded.hooks === undefined) throw new Error("the hooks module was not loaded");
  return { ...loaded, hooks: loaded.hooks };
}

/** Where the hooks run: as `simulate` and `test` run them, or as the runtime does. */
type Where = "in this thread" | "in worker threads";
let where: Where;
let pool: HookWorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

/** The runtime's wiring: the Crisp client limited to the manifest's scopes, given to actions and hooks. */
async function runtimeDeps(
  loaded: LoadedRuleSet & { hooks: NonNullable<LoadedRuleSet["hooks"]> },
  mode: "run" | "record" = "run",
) {
  const limited = createCrispRest(gateway, grantedScopes(loaded.manifest.scopes));
  if (where === "in this thread") return engineDeps(limited, { hooks: loaded.hooks.runner, mode });
  pool = createHookWorkerPool(loaded.hooks.path);
  // A worker imports the hooks once; timing tests measure the calls, not that.
  await pool.warm();
  return engineDeps(limited, { hooks: createHookRunner(loaded.hooks.definitions, pool.execute), mode });
}

describe.each<Where>(["in this thread", "in worker threads"])("hook steps %s", (place) => {
  beforeEach(() => {
    where = place;
  });

  it("makes a hook's return value steps.<id> for the next steps", async () => {
    const loaded = await loadWithHooks([
      {
        id: "plan",
        on: "message:send",
        do: [
          { action: "hook:lookupPlan", id: "plan", with: { email: "{{data.content}}" } },
          logStep("{{steps.plan.plan}} plan on {{steps.plan.website}}, greeting {{steps.plan.greeting}}"),
          logStep("big customer", { if: { path: "steps.plan.plan", equals: "enterprise" } }),
        ],
      },
    ]);
    const { deps, info } = await runtimeDeps(loaded);
    const event = visitorMessage("jane@big.example");

    const record = await handleEvent(loaded.ruleSet, event, websiteFor(loaded.manifest), deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({
      action: "hook:lookupPlan",
      outcome: "done",
      params: { email: "jane@big.example" },
      result: { plan: "enterprise", website: WEBSITE, greeting: "Welcome" },
    });
    expect(info()).toEqual([`enterprise plan on ${WEBSITE}, greeting Welcome`, "big customer"]);
  });

  it("fails only the step of a hook that throws, with HOOK_FAILED, and the other rules go on", async () => {
    const loaded = await loadWithHooks([
      { id: "crm", on: "message:send", do: [{ action: "hook:explode" }, logStep("after the hook")] },
      { id: "tag", on: "message:send", do: [{ action: "hook:tagConversation", id: "tag" }, logStep("tagged")] },
    ]);
    const { deps, info } = await runtimeDeps(loaded);

    const record = await handleEvent(loaded.ruleSet, visitorMessage(), websiteFor(loaded.manifest), deps);

    expect(record.rules[0]).toMatchObject({
      rule: "crm",
      outcome: "failed",
      reason: "step 1 (hook:explode) failed: hook:explode threw: the CRM is down",
    });
    expect(record.rules[0]?.steps).toEqual([
      expect.objectContaining({
        outcome: "failed",
        code: "HOOK_FAILED",
        reason: "hook:explode threw: the CRM is down",
      }),
    ]);
    expect(record.rules[1]).toMatchObject({ rule: "tag", outcome: "ran" });
    expect(info()).toEqual(["tagged"]);
    expect(sim.conversation(WEBSITE, SESSION)?.meta.segments).toEqual(["from-hook"]);
  });

  it("fails the step with HOOK_TIMEOUT when the hook runs past its timeout_ms", async () => {
    const loaded = await loadWithHooks([
      { id: "slow", on: "message:send", do: [{ action: "hook:hang", continue_on_error: true }, logStep("went on")] },
    ]);
    const { deps, info } = await runtimeDeps(loaded);
    const started = Date.now();

    const record = await handleEvent(loaded.ruleSet, visitorMessage(), websiteFor(loaded.manifest), deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({
      outcome: "failed",
      code: "HOOK_TIMEOUT",
      reason: "hook:hang ran past its 50 ms timeout",
    });
    expect(info()).toEqual(["went on"]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ["a missing parameter", {}, "hook:lookupPlan: parameters with must have required property 'email'"],
    [
      "a parameter too short",
      { email: "x" },
      "hook:lookupPlan: parameters with/email must NOT have fewer than 3 characters",
    ],
    [
      "an unknown parameter",
      { email: "a@b.c", mail: "x" },
      "hook:lookupPlan: parameters with must NOT have additional properties",
    ],
  ])(
    "fails the step with HOOK_FAILED on %s, checked against the hook's params schema",
    async (_case, params, reason) => {
      const loaded = await loadWithHooks([
        { id: "plan", on: "message:send", do: [{ action: "hook:lookupPlan", with: params }] },
      ]);
      const { deps } = await runtimeDeps(loaded);

      const record = await handleEvent(loaded.ruleSet, visitorMessage(), websiteFor(loaded.manifest), deps);

      expect(record.rules[0]?.steps[0]).toMatchObject({ outcome: "failed", code: "HOOK_FAILED", reason });
    },
  );

  it("refuses, with SCOPE_NOT_GRANTED, a hook's Crisp call that the manifest's scopes do not cover", async () => {
    const loaded = await loadWithHooks([
      { id: "resolve", on: "message:send", do: [{ action: "hook:resolveQuietly" }] },
      { id: "tag", on: "message:send", do: [{ action: "hook:tagConversation" }] },
    ]);
    const { deps } = await runtimeDeps(loaded);

    const record = await handleEvent(loaded.ruleSet, visitorMessage(), websiteFor(loaded.manifest), deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({
      outcome: "failed",
      code: "SCOPE_NOT_GRANTED",
      reason:
        "changeConversationState needs scope website:conversation:states with write access, which the manifest does not declare",
    });
    expect(sim.calls({ route: "changeConversationState" })).toEqual([]);
    expect(sim.conversation(WEBSITE, SESSION)?.state).toBe("pending");
    expect(record.rules[1]?.steps[0]).toMatchObject({ outcome: "done", result: { tagged: true } });
  });

  it("does not run hooks in record mode", async () => {
    const loaded = await loadWithHooks([
      { id: "tag", on: "message:send", do: [{ action: "hook:tagConversation", with: { why: "{{data.content}}" } }] },
    ]);
    const { deps } = await runtimeDeps(loaded, "record");

    const record = await handleEvent(loaded.ruleSet, visitorMessage("hi"), websiteFor(loaded.manifest), deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({ outcome: "recorded", params: { why: "hi" } });
    expect(sim.calls()).toEqual([]);
  });

  it("fails a hook step with HOOK_FAILED when the engine was given no hooks module", async () => {
    const loaded = await loadWithHooks([{ id: "plan", on: "message:send", do: [{ action: "hook:explode" }] }]);
    const { deps } = engineDeps(createCrispRest(gateway));

    const record = await handleEvent(loaded.ruleSet, visitorMessage(), websiteFor(loaded.manifest), deps);

    expect(record.rules[0]?.steps[0]).toMatchObject({
      outcome: "failed",
      code: "HOOK_FAILED",
      reason: "hook:explode: the manifest has no hooks module loaded",
    });
  });
});
