import { describe, expect, it } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { handleEvent } from "../../src/core/engine/handle-event.js";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { SimulatedOperator } from "../../src/devkit/simulator/simulated-operator.js";
import { SESSION, visitorMessage, WEBSITE } from "../actions/action-harness.js";
import {
  engineDeps,
  loadRuleSet,
  logStep,
  manifestYaml,
  websiteFor,
  type TempDir,
  useWorld,
} from "./engine-harness.js";

let sim: CrispSimulator;
let crisp: CrispRest;
let dir: TempDir;

useWorld((world) => ({ sim, crisp, dir } = world));

const ADA: SimulatedOperator = {
  user_id: "op-ada",
  email: "ada@acme.example",
  first_name: "Ada",
  last_name: "Lovelace",
  role: "owner",
  availability: "online",
};
const GRACE: SimulatedOperator = {
  user_id: "op-grace",
  email: "grace@acme.example",
  first_name: "Grace",
  last_name: "Hopper",
  role: "member",
  availability: "away",
};

const READ_SCOPES = [
  { scope: "website:conversation:messages", access: ["read", "write"], why: "Answer." },
  { scope: "website:conversation:sessions", access: ["read", "write"], why: "Read the conversation." },
  { scope: "website:conversation:routing", access: ["write"], why: "Hand over." },
  { scope: "website:operators", access: ["read"], why: "Find the operator by name." },
  { scope: "website:people:profiles", access: ["read"], why: "Read the contact." },
];

async function run(rules: Record<string, unknown>[], settings: Record<string, unknown> = {}) {
  const { manifest, ruleSet } = await loadRuleSet(dir, {
    scopes: READ_SCOPES,
    settings: { type: "object", properties: { handover: { type: "string", default: "Grace Hopper" } } },
    rules,
  });
  const test = engineDeps(crisp);
  const record = await handleEvent(
    ruleSet,
    visitorMessage("a human please"),
    websiteFor(manifest, settings),
    test.deps,
  );
  return { record, info: test.info() };
}

describe("read steps", () => {
  it("assigns the conversation to the operator named in the settings, found with list_operators", async () => {
    sim.install({ website_id: WEBSITE, token: "t", operators: [ADA, GRACE] });

    const { record } = await run([
      {
        id: "handover",
        on: "message:send",
        do: [
          { action: "list_operators", id: "ops", with: { name: "{{settings.handover}}" } },
          {
            action: "assign",
            if: { path: "steps.ops.operator", exists: true },
            with: { user_id: "{{steps.ops.operator.user_id}}" },
          },
        ],
      },
    ]);

    expect(record.rules[0]?.steps.map((step) => step.outcome)).toEqual(["done", "done"]);
    expect(sim.conversation(WEBSITE, SESSION)?.assigned).toEqual({ user_id: "op-grace" });
    expect(sim.calls({ route: "listWebsiteOperators" })).toHaveLength(1);
  });

  it("skips the assignment when no operator has that name", async () => {
    sim.install({ website_id: WEBSITE, token: "t", operators: [ADA] });

    const { record } = await run([
      {
        id: "handover",
        on: "message:send",
        do: [
          { action: "list_operators", id: "ops", with: { name: "{{settings.handover}}" } },
          {
            action: "assign",
            if: { path: "steps.ops.operator", exists: true },
            with: { user_id: "{{steps.ops.operator.user_id}}" },
          },
        ],
      },
    ]);

    expect(record.rules[0]?.steps.map((step) => step.outcome)).toEqual(["done", "skipped"]);
    expect(sim.conversation(WEBSITE, SESSION)?.assigned).toBeUndefined();
  });

  it("lists every operator for {{#each}}, with their names", async () => {
    sim.install({ website_id: WEBSITE, token: "t", operators: [ADA, GRACE] });

    const { info } = await run([
      {
        id: "team",
        on: "message:send",
        do: [
          { action: "list_operators", id: "ops" },
          logStep("{{#each steps.ops.operators}}{{name}} ({{availability}}); {{/each}}"),
        ],
      },
    ]);

    expect(info).toContain("Ada Lovelace (online); Grace Hopper (away); ");
  });

  it("reads the conversation: state, segments, data and who it is assigned to", async () => {
    sim.createConversation(WEBSITE, {
      session_id: "session_read",
      meta: { segments: ["vip"], data: { plan: "pro" } },
    });
    sim.install({ website_id: WEBSITE, token: "t", operators: [ADA] });

    const { info } = await run([
      {
        id: "read",
        on: "message:send",
        do: [
          { action: "get_conversation", id: "conv" },
          logStep(
            "{{steps.conv.state}} {{#each steps.conv.segments}}{{this}} {{/each}}assigned: {{steps.conv.assigned}}",
          ),
          { action: "get_conversation", id: "other", with: { session_id: "session_read" } },
          logStep("{{steps.other.data.plan}} {{steps.other.segments.[0]}}"),
        ],
      },
    ]);

    expect(info).toEqual(["pending vip assigned: ", "pro vip"]);
  });

  it("reads the conversation's contact profile, or one found by email", async () => {
    sim.createConversation(WEBSITE, {
      session_id: "session_other",
      people_id: "people-2",
      meta: { email: "lin@example.com", nickname: "Lin" },
    });

    const { info } = await run([
      {
        id: "profile",
        on: "message:send",
        do: [
          { action: "get_profile", id: "contact" },
          { action: "get_profile", id: "lin", with: { email: "LIN@example.com" } },
          { action: "get_profile", id: "nobody", with: { email: "nobody@example.com" } },
          logStep(
            "{{steps.contact.found}} {{steps.contact.people_id}}; {{steps.lin.people_id}} {{steps.lin.person.nickname}}; {{steps.nobody.found}}",
          ),
        ],
      },
    ]);

    expect(info).toEqual(["true people-1; people-2 Lin; false"]);
  });

  it("makes validate ask for the scopes each read step needs", async () => {
    await dir.write(
      "plugin.yaml",
      manifestYaml({
        scopes: [{ scope: "website:conversation:messages", access: ["read"], why: "Read messages." }],
        rules: [
          {
            id: "reads",
            on: "message:send",
            do: [{ action: "get_conversation" }, { action: "list_operators" }, { action: "get_profile" }],
          },
        ],
      }),
    );

    const { problems } = await loadManifest("plugin.yaml", { cwd: dir.path });

    expect(problems.filter((problem) => problem.code === "MISSING_SCOPE").map((problem) => problem.message)).toEqual([
      expect.stringContaining("website:conversation:sessions with read access for action get_conversation"),
      expect.stringContaining("website:operators with read access for action list_operators"),
      expect.stringContaining("website:people:profiles with read access for action get_profile"),
    ]);
  });
});
