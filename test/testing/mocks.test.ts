import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linesOf, runCli } from "../cli/run-cli.js";
import { MESSAGE_SCOPES } from "../engine/engine-harness.js";
import { createTempDir, type TempDir } from "./testing-harness.js";

const DEFINE_HOOKS = fileURLToPath(new URL("../../src/core/hooks/define-hooks.ts", import.meta.url));

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir("crisp-test-mocks-");
});
afterEach(async () => {
  await dir.remove();
});

/** A plugin that asks a hook for the conversation's priority, then an outside scorer, and answers with both. */
const RULES = [
  {
    id: "triage",
    on: "message:send",
    do: [
      { id: "priority", action: "hook:priority", with: { text: "{{data.content}}" } },
      { id: "score", action: "http", with: { method: "GET", url: "https://scores.example/v1/score?q=1" } },
      {
        action: "send_message",
        with: { content: "Priority {{steps.priority.level}}, score {{steps.score.body.score}}" },
      },
    ],
  },
];

const REPLY_EXPECTED = {
  event: "message:send",
  data: { content: "My order is late" },
  expect: [
    { action: "hook:priority" },
    { action: "http" },
    { action: "send_message", with: { content: "Priority high, score 7" } },
  ],
};

async function writePlugin(tests: readonly unknown[]): Promise<void> {
  await dir.write(
    "hooks.ts",
    [
      `import { defineHooks } from ${JSON.stringify(DEFINE_HOOKS)};`,
      "export default defineHooks({",
      "  priority: { run: () => { throw new Error('tests must not run hooks'); } },",
      "});",
    ].join("\n"),
  );
  await dir.write(
    "plugin.yaml",
    stringify({
      version: 1,
      plugin: { urn: "urn:test:mocks:0", name: "Mocks" },
      scopes: MESSAGE_SCOPES.slice(0, 1),
      hooks: "./hooks.ts",
      http: { allow: ["scores.example"] },
      rules: RULES,
      tests,
    }),
  );
}

const MOCKS = [
  { hook: "priority", returns: { level: "high" } },
  { http: "https://scores.example/v1/*", returns: { status: 200, body: { score: 7 } } },
];

describe("mocks: in manifest tests", () => {
  it("answers a hook by name and an http step by URL pattern, and the reply after them uses their results", async () => {
    await writePlugin([{ name: "triage", mocks: MOCKS, events: [REPLY_EXPECTED] }]);

    const run = await runCli(["test"], dir.path);

    expect(run).toMatchObject({ code: 0, stdout: "plugin.yaml\n  ✓ triage\n  1 passed, 0 failed\n" });
  });

  it("answers by step id too, ahead of a hook-name mock", async () => {
    const mocks = [
      { step: "priority", returns: { level: "high" } },
      { hook: "priority", returns: { level: "low" } },
      MOCKS[1],
    ];
    await writePlugin([{ name: "by id", mocks, events: [REPLY_EXPECTED] }]);

    expect((await runCli(["test"], dir.path)).code).toBe(0);
  });

  it("fails the same test without the hook's mock, saying hook:priority is not mocked", async () => {
    await writePlugin([{ name: "triage", mocks: [MOCKS[1]], events: [REPLY_EXPECTED] }]);

    const run = await runCli(["test"], dir.path);

    expect(run.code).toBe(1);
    const lines = linesOf(run.stdout);
    expect(lines.slice(1, 3)).toEqual([
      "  ✗ triage",
      "    hook:priority is not mocked: its result is empty (add it under mocks:)",
    ]);
    expect(lines).toContain('    - expected: send_message {"content":"Priority high, score 7"}');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {4}\+ actual: {3}send_message \{"content":"Priority , score 7",/),
    );
  });

  it("reports an unmocked http step even when the test passes", async () => {
    const events = [
      { event: "message:send", expect: [{ action: "hook:priority" }, { action: "http" }, { action: "send_message" }] },
    ];
    await writePlugin([{ name: "loose", mocks: [MOCKS[0]], events }]);

    const run = await runCli(["test"], dir.path);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "plugin.yaml",
      "  ✓ loose",
      "    http GET https://scores.example/v1/score?q=1 is not mocked: its result is empty (add it under mocks:)",
      "  1 passed, 0 failed",
    ]);
  });

  it("makes a step fail with a mocked error, which stops its rule", async () => {
    const mocks = [{ hook: "priority", error: "the CRM is down" }];
    const events = [{ event: "message:send", expect: [] }];
    await writePlugin([{ name: "down", mocks, events }]);

    expect(await runCli(["test"], dir.path)).toMatchObject({ code: 0 });
  });
});

/** A hand-over: find the operator by name, assign when found, else tell the team. */
const HANDOVER_RULES = [
  {
    id: "handover",
    on: "message:send",
    do: [
      { id: "ops", action: "list_operators", with: { name: "Grace" } },
      {
        action: "assign",
        if: { path: "steps.ops.operator", exists: true },
        with: { user_id: "{{steps.ops.operator.user_id}}" },
      },
      {
        action: "send_message",
        if: { path: "steps.ops.operator", exists: false },
        with: { type: "note", content: "Nobody named Grace" },
      },
    ],
  },
];

async function writeHandover(tests: readonly unknown[]): Promise<void> {
  await dir.write(
    "plugin.yaml",
    stringify({
      version: 1,
      plugin: { urn: "urn:test:mocks:0", name: "Mocks" },
      scopes: [
        { scope: "website:conversation:messages", access: ["read", "write"], why: "Leave a note." },
        { scope: "website:conversation:routing", access: ["write"], why: "Assign the conversation." },
        { scope: "website:operators", access: ["read"], why: "Find the operator by name." },
      ],
      rules: HANDOVER_RULES,
      tests,
    }),
  );
}

describe("mocks: of read steps", () => {
  it("answers list_operators by step id, so a test reaches the assign that reads its result", async () => {
    const grace = { user_id: "op-grace", first_name: "Grace", name: "Grace Hopper" };
    await writeHandover([
      {
        name: "found",
        mocks: [{ step: "ops", returns: { operators: [grace], operator: grace } }],
        events: [
          {
            event: "message:send",
            expect: [{ action: "list_operators" }, { action: "assign", with: { user_id: "op-grace" } }],
          },
        ],
      },
      {
        name: "nobody",
        mocks: [{ step: "ops", returns: { operators: [] } }],
        events: [{ event: "message:send", expect: [{ action: "list_operators" }, { action: "send_message" }] }],
      },
    ]);

    const run = await runCli(["test"], dir.path);

    expect(run).toMatchObject({ code: 0, stdout: "plugin.yaml\n  ✓ found\n  ✓ nobody\n  2 passed, 0 failed\n" });
  });

  it("says a read step is not mocked, and fails it with Crisp's code when the mock is an error", async () => {
    const events = [{ event: "message:send", expect: [{ action: "list_operators" }, { action: "send_message" }] }];
    await writeHandover([
      { name: "unmocked", events },
      {
        name: "refused",
        mocks: [{ step: "ops", error: "Crisp answered 403" }],
        events: [{ event: "message:send", expect: [] }],
      },
    ]);

    const run = await runCli(["test"], dir.path);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      "plugin.yaml",
      "  ✓ unmocked",
      "    list_operators (id ops) is not mocked: its result is empty (add it under mocks:)",
      "  ✓ refused",
      "  2 passed, 0 failed",
    ]);
  });
});

describe("crisp-plugin simulate --mock", () => {
  it("renders the steps after a hook and an http step with the mocked results", async () => {
    await writePlugin([]);
    await dir.write("mocks.yaml", stringify(MOCKS));
    await dir.write(
      "event.json",
      JSON.stringify({
        website_id: "w",
        event: "message:send",
        data: { session_id: "s", content: "late", type: "text" },
      }),
    );

    const run = await runCli(["simulate", "event.json", "--mock", "mocks.yaml"], dir.path);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('3. send_message {"content":"Priority high, score 7",');
    expect(run.stdout).toContain('1. hook:priority (id priority) {"text":"late"} → {"level":"high"} (mocked)');
  });

  it("says which hook is not mocked without --mock", async () => {
    await writePlugin([]);
    await dir.write(
      "event.json",
      JSON.stringify({
        website_id: "w",
        event: "message:send",
        data: { session_id: "s", content: "late", type: "text" },
      }),
    );

    const run = await runCli(["simulate", "event.json"], dir.path);

    expect(run.stdout).toContain("(hook:priority is not mocked: give it under mocks: in the test, or --mock)");
    expect(run.stdout).toContain('3. send_message {"content":"Priority , score ",');
  });

  it("refuses a mock file that is not a list of mocks, in one line", async () => {
    await writePlugin([]);
    await dir.write("mocks.yaml", stringify([{ hook: "priority" }]));
    await dir.write(
      "event.json",
      JSON.stringify({ website_id: "w", event: "message:send", data: { session_id: "s" } }),
    );

    const run = await runCli(["simulate", "event.json", "--mock", "mocks.yaml"], dir.path);

    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)).toEqual([
      "mocks.yaml: mock 1: give exactly one of returns (the step's result) or error",
    ]);
  });
});
