import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DecisionRecord } from "../../src/core/engine/decision-record.js";
import { createTempDir, manifestYaml, type TempDir } from "../engine/engine-harness.js";
import { linesOf, REPO_ROOT, runCli } from "./run-cli.js";

const EVENT = "docs/examples/visitor-message.json";
const EVENTS = "test/fixtures/engine/events";
const SETTINGS = "test/fixtures/engine/settings";
const WEBSITE = "8c842203-7ed8-4e29-a608-7cf78a7d2fcc";
const SESSION = "session_700c65e1-85e2-465a-b9ac-ecb5ec2c9881";
/** Tuesday 24 November 2026, 21:00 in Paris: after hours. */
const EVENING = "2026-11-24T20:00:00Z";
/** The same Tuesday, 11:00 in Paris: business hours. */
const MORNING = "2026-11-24T10:00:00Z";
const DEFAULT_REPLY = "Thanks for your message! We're away right now and will answer first thing tomorrow.";

function sendMessageLine(content: string): string {
  const params = { content, user: { nickname: "Hello Hours" }, type: "text", from: "operator", stealth: false };
  return `      1. send_message ${JSON.stringify(params)}`;
}

describe("crisp-plugin simulate on the example plugin", () => {
  it("runs both rules after hours and shows the reply it would send", async () => {
    const run = await runCli(["simulate", EVENT, "plugin.yaml", "--at", EVENING]);

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(linesOf(run.stdout)).toEqual([
      `message:send on website ${WEBSITE}, conversation ${SESSION}`,
      "  ✓ after-hours: matched, runs:",
      sendMessageLine(DEFAULT_REPLY),
      '      2. add_segments {"segments":["after-hours"]}',
      "  ✓ urgent: matched, runs:",
      '      1. add_segments {"segments":["urgent"]}',
      '      2. send_message {"type":"note","content":"Flagged as urgent by Hello Hours: Hello, this is urgent: my order never arrived!","from":"operator","stealth":false}',
    ]);
  });

  it("says which condition stopped the after-hours rule during business hours, with the time in Europe/Paris", async () => {
    const run = await runCli(["simulate", EVENT, "--at", MORNING]);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toEqual([
      `message:send on website ${WEBSITE}, conversation ${SESSION}`,
      "  ✗ after-hours: not matched: rules[0].if[1]: must not hold, but it is Tuesday 11:00 in Europe/Paris, within mon-fri 09:00-18:00",
      "  ✓ urgent: matched, runs:",
      '      1. add_segments {"segments":["urgent"]}',
      '      2. send_message {"type":"note","content":"Flagged as urgent by Hello Hours: Hello, this is urgent: my order never arrived!","from":"operator","stealth":false}',
    ]);
  });

  it("prints the decision record as JSON with --json", async () => {
    const run = await runCli(["simulate", EVENT, "--at", EVENING, "--json"]);

    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as DecisionRecord;
    expect(record.event).toMatchObject({ name: "message:send", website_id: WEBSITE, session_id: SESSION });
    expect(record.rules).toEqual([
      {
        rule: "after-hours",
        outcome: "ran",
        steps: [
          {
            index: 0,
            action: "send_message",
            outcome: "recorded",
            params: {
              content: DEFAULT_REPLY,
              user: { nickname: "Hello Hours" },
              type: "text",
              from: "operator",
              stealth: false,
            },
          },
          { index: 1, action: "add_segments", outcome: "recorded", params: { segments: ["after-hours"] } },
        ],
      },
      {
        rule: "urgent",
        outcome: "ran",
        steps: [
          { index: 0, action: "add_segments", outcome: "recorded", params: { segments: ["urgent"] } },
          {
            index: 1,
            action: "send_message",
            outcome: "recorded",
            params: {
              type: "note",
              content: "Flagged as urgent by Hello Hours: Hello, this is urgent: my order never arrived!",
              from: "operator",
              stealth: false,
            },
          },
        ],
      },
    ]);
  });

  it("puts the reason a rule did not match in the JSON record", async () => {
    const run = await runCli(["simulate", EVENT, "--at", MORNING, "--json"]);

    const record = JSON.parse(run.stdout) as DecisionRecord;
    expect(record.rules[0]).toEqual({
      rule: "after-hours",
      outcome: "condition-failed",
      reason: "rules[0].if[1]: must not hold, but it is Tuesday 11:00 in Europe/Paris, within mon-fri 09:00-18:00",
      steps: [],
    });
  });

  it("answers with the reply set in a YAML --settings file", async () => {
    const run = await runCli(["simulate", EVENT, "--at", EVENING, "--settings", `${SETTINGS}/french.yaml`]);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)).toContain(
      sendMessageLine("Merci ! Nous sommes absents et vous répondrons demain matin."),
    );
  });

  it("reads business hours in the timezone set in a JSON --settings file", async () => {
    // 10:00 UTC is 05:00 in New York: after hours there.
    const run = await runCli(["simulate", EVENT, "--at", MORNING, "--settings", `${SETTINGS}/new-york.json`]);

    expect(run.code).toBe(0);
    expect(linesOf(run.stdout).slice(1, 3)).toEqual([
      "  ✓ after-hours: matched, runs:",
      sendMessageLine("Thanks! We open at 9 a.m. Eastern."),
    ]);
  });

  it("skips every rule on a message the plugin sent itself, and says why", async () => {
    const run = await runCli(["simulate", `${EVENTS}/own-message.json`, "--at", EVENING]);

    const why = "skipped: the event was caused by this plugin (origin urn:crisp-plugin-kit:hello-hours:0)";
    expect(linesOf(run.stdout).slice(1)).toEqual([
      `  ✗ after-hours: ${why}; set include_own_events to run anyway`,
      `  ✗ urgent: ${why}; set include_own_events to run anyway`,
    ]);
  });
});

describe("crisp-plugin simulate refuses bad input", () => {
  it("exits 1 with the reason when the settings do not match the settings schema", async () => {
    const run = await runCli(["simulate", EVENT, "--at", EVENING, "--settings", `${SETTINGS}/wrong-type.yaml`]);

    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `${SETTINGS}/wrong-type.yaml: invalid settings: settings/after_hours_message must be string\n`,
    });
  });

  it.each([
    ["not JSON", "not-json.json", /: not valid JSON \(.+\)$/],
    ["not an object", "not-an-object.json", /: not a Crisp event: the body is not a JSON object$/],
    ["an unknown event name", "unknown-event.json", /: not a Crisp event: "message:sent" is not a Crisp RTM event$/],
    ["missing website_id", "no-website-id.json", /: not a Crisp event: `website_id` is missing$/],
    ["missing", "no-such-event.json", /: cannot read: ENOENT$/],
  ])("exits 2 with one line naming the event file when it is %s", async (_case, file, message) => {
    const run = await runCli(["simulate", `${EVENTS}/${file}`, "--at", EVENING]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr.startsWith(`${EVENTS}/${file}: `)).toBe(true);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it("exits 2 naming the settings file when it does not exist", async () => {
    const run = await runCli(["simulate", EVENT, "--settings", `${SETTINGS}/no-such.yaml`]);

    expect(run).toMatchObject({ code: 2, stderr: `${SETTINGS}/no-such.yaml: cannot read: ENOENT\n` });
  });

  // BUG: readInputs() parses the settings file inside the try that reports errors as the event
  // file's: a YAML syntax error in --settings is reported as `docs/examples/visitor-message.json:
  // Missing closing "quote...`, over several lines (the yaml library's code frame).
  it("exits 2 with one line naming the settings file when it is not valid YAML", async () => {
    const run = await runCli(["simulate", EVENT, "--settings", `${SETTINGS}/malformed.yaml`]);

    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr.startsWith(`${SETTINGS}/malformed.yaml: `)).toBe(true);
  });

  it("exits 2 when --at is not a time", async () => {
    const run = await runCli(["simulate", EVENT, "--at", "teatime"]);

    expect(run).toMatchObject({ code: 2, stderr: "--at teatime: not an ISO 8601 time such as 2026-11-24T20:00:00Z\n" });
  });
});

describe("crisp-plugin simulate stays offline", () => {
  let dir: TempDir;
  let server: Server;
  let requests: string[];

  beforeEach(async () => {
    dir = await createTempDir("crisp-simulate-");
    requests = [];
    server = createServer((request, response) => {
      requests.push(`${request.method ?? ""} ${request.url ?? ""}`);
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dir.remove();
  });

  it("records an http step to a listening, allowed host without calling it", async () => {
    const host = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    await dir.write(
      "plugin.yaml",
      manifestYaml({
        scopes: [{ scope: "website:conversation:messages", access: ["read", "write"] }],
        http: { allow: [host] },
        rules: [
          {
            id: "forward",
            on: "message:send",
            do: [
              { action: "http", with: { url: `http://${host}/inbox`, body: { text: "{{data.content}}" } } },
              { action: "send_message", with: { content: "Forwarded." } },
            ],
          },
        ],
      }),
    );

    const run = await runCli(["simulate", join(REPO_ROOT, EVENT), "--at", EVENING], dir.path);

    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(linesOf(run.stdout).slice(1)).toEqual([
      "  ✓ forward: matched, runs:",
      `      1. http {"url":"http://${host}/inbox","body":{"text":"Hello, this is urgent: my order never arrived!"},"method":"POST"}` +
        ` (http POST http://${host}/inbox is not mocked: give it under mocks: in the test, or --mock)`,
      '      2. send_message {"content":"Forwarded.","type":"text","from":"operator","stealth":false}',
    ]);
    expect(requests).toEqual([]);
  });

  it("masks header values and x-secret settings in what it prints", async () => {
    await dir.write(
      "plugin.yaml",
      manifestYaml({
        scopes: [{ scope: "website:conversation:messages", access: ["read"] }],
        settings: {
          type: "object",
          properties: { api_key: { type: "string", "x-secret": true, default: "sk-live-0123456789" } },
        },
        http: { allow: ["bot.example.com"] },
        rules: [
          {
            id: "relay",
            on: "message:send",
            do: [
              {
                action: "http",
                with: {
                  url: "https://bot.example.com/ask",
                  headers: { Authorization: "Bearer {{settings.api_key}}" },
                  body: { text: "{{data.content}}", auth: "{{settings.api_key}}" },
                },
              },
            ],
          },
        ],
      }),
    );

    const text = await runCli(["simulate", join(REPO_ROOT, EVENT), "--at", EVENING], dir.path);
    const json = await runCli(["simulate", join(REPO_ROOT, EVENT), "--at", EVENING, "--json"], dir.path);

    expect(text).toMatchObject({ code: 0, stderr: "" });
    expect(text.stdout).toContain('"headers":{"Authorization":"[redacted]"}');
    expect(text.stdout).toContain('"auth":"[redacted]"');
    expect(text.stdout + json.stdout).not.toContain("sk-live-0123456789");
  });
});
