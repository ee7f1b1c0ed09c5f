import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { runEnvironment, TestWorld, visitorMessage, type CliProcess } from "../runtime/runtime-harness.js";

/**
 * Attacks from outside, against `crisp-plugin run` in Web Hooks mode on loopback: visitor text,
 * outside services and a website's secret settings. Each must end as a refusal, a failed step or
 * a dead letter, while /healthz answers within a second, memory stays bounded and no planted
 * secret reaches a log line or CLI output.
 */
const URN = "urn:test:hostile:0";
const HOOKS_SECRET = "hooks-secret-9f3a7c1e";
/** A website's x-secret setting: it must never be printed. */
const PLANTED = "sk_live_PLANTED4242xyz";

const world = new TestWorld();
let sim: CrispSimulator;
let child: CliProcess;
let hooksUrl: string;
let port: number;
let dir: string;
let outside: Server;
let outsidePort: number;
/** Paths the outside service was asked for. */
const asked: string[] = [];
const streams: ServerResponse[] = [];

function manifest(): string {
  const origin = `http://127.0.0.1:${String(outsidePort)}`;
  return `version: 1
plugin: { urn: "${URN}", name: Hostile }
scopes:
  - scope: website:conversation:messages
    access: [read, write]
    why: Answer visitors.
settings:
  type: object
  properties:
    code: { type: string, pattern: "^(a+)+$", default: "aaa" }
    api_key: { type: string, x-secret: true }
http:
  allow: ["127.0.0.1:${String(outsidePort)}"]
rules:
  - id: backtrack
    on: message:send
    if: [{ path: data.content, matches: "^(a|a)*$" }]
    do: [{ action: send_message, with: { content: "only a" } }]
  - id: stream
    on: message:send
    if: [{ path: data.content, equals: stream }]
    do: [{ action: http, with: { method: GET, url: "${origin}/forever" } }]
  - id: path
    on: message:send
    if: [{ path: data.content, starts_with: "path " }]
    do: [{ action: http, with: { method: GET, url: "${origin}/api/{{data.content}}" } }]
  - id: leak
    on: message:send
    if: [{ path: data.content, equals: leak }]
    do:
      - { action: log, with: { message: "key is {{settings.api_key}}" } }
      - action: http
        with:
          url: "${origin}/refuse/{{settings.api_key}}?token={{settings.api_key}}"
          headers: { authorization: "Bearer {{settings.api_key}}", x-api: "{{settings.api_key}}" }
`;
}

async function healthzMs(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${String(port)}/healthz`, { signal: AbortSignal.timeout(5_000) });
  expect(response.status).toBe(200);
  return performance.now() - started;
}

function rssMb(): number {
  const status = readFileSync(`/proc/${String(child.child.pid)}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function send(content: string, session = "session-1"): Promise<number> {
  const body = {
    website_id: "website-1",
    event: "message:send",
    data: visitorMessage(session, content),
    timestamp: Date.now(),
  };
  return (await sim.sendHook(hooksUrl, HOOKS_SECRET, body)).status;
}

beforeAll(async () => {
  outside = createServer((request, response) => {
    asked.push(request.url ?? "");
    if (request.url === "/forever") {
      streams.push(response);
      response.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(65_536, 120);
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    } else if (request.url?.startsWith("/refuse/")) {
      response.writeHead(400).end("no");
    } else response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => outside.listen(0, "127.0.0.1", resolve));
  outsidePort = (outside.address() as AddressInfo).port;
  sim = await world.simulator({
    pluginUrn: URN,
    websites: [{ website_id: "website-1", settings: { api_key: PLANTED } }],
  });
  sim.createConversation("website-1", { session_id: "session-1" });
  dir = await world.pluginDir();
  writeFileSync(join(dir, "plugin.yaml"), manifest());
  child = world.spawn(
    ["run", "plugin.yaml"],
    dir,
    runEnvironment(sim, { CRISP_RTM_MODE: "webhooks", CRISP_HOOKS_SECRET: HOOKS_SECRET }),
  );
  port = await child.ready(30_000);
  hooksUrl = `http://127.0.0.1:${String(port)}/hooks`;
}, 60_000);

afterAll(async () => {
  for (const response of streams) response.destroy();
  outside.closeAllConnections();
  await new Promise((resolve) => outside.close(resolve));
  await world.dispose();
});

describe("hostile inputs against run in Web Hooks mode", () => {
  it("matches ^(a|a)*$ against a 10,000-character visitor message without freezing the runtime", async () => {
    expect(await send(`${"a".repeat(10_000)}!`)).toBe(200);
    expect(await send(`${"a".repeat(31)}!`)).toBe(200);
    expect(await healthzMs()).toBeLessThan(1_000);
    // Events of a conversation run in order: the reply to the next one proves the two ran.
    expect(await send("aaaa")).toBe(200);
    const reply = await sim.waitForCall({ route: "sendMessageInConversation", sessionId: "session-1" }, 20_000);
    expect(reply.body).toMatchObject({ content: "only a" });
    expect(sim.calls({ route: "sendMessageInConversation" })).toHaveLength(1);
  });

  it("stops an answer that streams without end at 1 MiB, with memory bounded and /healthz answering", async () => {
    expect(await send("stream")).toBe(200);
    let slowest = 0;
    const failed = child.waitForLine(/answered more than 1048576 bytes/, { timeoutMs: 30_000 });
    const done = { value: false };
    void failed.then(() => (done.value = true));
    while (!done.value) {
      slowest = Math.max(slowest, await healthzMs());
      expect(rssMb()).toBeLessThan(300);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await failed;
    expect(slowest).toBeLessThan(1_000);
    expect(rssMb()).toBeLessThan(300);
  });

  it("keeps visitor text in one encoded path segment: /../../ok cannot change the path", async () => {
    expect(await send("path /../../ok")).toBe(200);
    await child.waitForLine(/rule path ran/, { timeoutMs: 20_000 });
    expect(asked.filter((path) => path.startsWith("/api/") || path === "/ok")).toEqual(["/api/path%20%2F..%2F..%2Fok"]);
  });

  it("turns a refused call into a dead letter that prints no secret, nor do the logs", async () => {
    expect(await send("leak")).toBe(200);
    await child.waitForLine(/rule leak failed/, { timeoutMs: 20_000 });
    const list = world.spawn(["dead-letters", "list"], dir, { PATH: process.env.PATH ?? "" });
    await list.exited;
    const json = world.spawn(["dead-letters", "list", "--json"], dir, { PATH: process.env.PATH ?? "" });
    await json.exited;
    const printed = [...list.lines("stdout"), ...json.lines("stdout")].join("\n");
    expect(printed).toContain("HTTP_REQUEST_FAILED");
    expect(printed).toContain("[redacted]");
    expect(printed).not.toContain(PLANTED);
    expect(printed).not.toContain("Bearer");
    const logs = [...child.lines("stderr"), ...child.lines("stdout")].join("\n");
    expect(logs).toContain("rule leak failed");
    expect(logs).toContain("key is [redacted]");
    expect(logs).not.toContain(PLANTED);
    expect(logs).not.toContain(HOOKS_SECRET);
  });
});
