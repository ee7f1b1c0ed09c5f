import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createLogger } from "../../src/core/logging/logger.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { sendWidgetAction } from "../../src/devkit/simulator/send-widget-action.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { startRuntime } from "../../src/runtime/run/start-runtime.js";
import type { Runtime } from "../../src/runtime/run/runtime.js";

const SECRET = "widget-secret-4417";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that takes requests and never answers them (until it is closed). */
async function silentServer(): Promise<number> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  const address = server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** The runtime in-process, running `rules` for a one-item widget, with a short widget deadline. */
async function running(
  rules: unknown[],
  deadlineMs = 300,
): Promise<{ sim: CrispSimulator; runtime: Runtime; url: string; lines: string[] }> {
  const slowPort = await silentServer();
  const dir = await mkdtemp(join(tmpdir(), "crisp-widget-data-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, "plugin.yaml"),
    stringify({
      version: 1,
      plugin: { urn: "urn:acme:widget-data:0", name: "Widget Data" },
      scopes: [],
      http: { allow: [`127.0.0.1:${slowPort}`], timeout_ms: 10_000 },
      widget: { sections: [{ id: "main", title: "Main", items: [{ id: "status", type: "data", label: "Status" }] }] },
      rules: JSON.parse(JSON.stringify(rules).replaceAll("SLOW_HOST", `127.0.0.1:${slowPort}`)) as unknown[],
    }),
  );
  const sim = await startCrispSimulator({ websites: [{ website_id: "website-1", token: "token-1" }] });
  cleanups.push(() => sim.close());
  const lines: string[] = [];
  const runtime = await startRuntime({
    manifest: "plugin.yaml",
    cwd: dir,
    identifier: sim.credentials.identifier,
    key: sim.credentials.key,
    restHost: sim.url,
    mode: "webhooks",
    hooksSecret: "hooks-secret",
    widgetSecret: SECRET,
    widgetDeadlineMs: deadlineMs,
    port: 0,
    host: "127.0.0.1",
    watch: false,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
  });
  cleanups.push(() => runtime.close(100));
  return { sim, runtime, url: `http://127.0.0.1:${runtime.port}/widget`, lines };
}

const STATUS = { website_id: "website-1", session_id: "session-1", item_id: "status", type: "data" } as const;

describe("a widget data fetch, answered in the request", () => {
  it("answers an empty value, and logs why, when no reply comes within the deadline", async () => {
    const { sim, url, lines } = await running([
      {
        id: "slow",
        on: "widget:data",
        do: [
          { id: "lookup", action: "http", with: { method: "GET", url: "http://SLOW_HOST/status" } },
          { action: "reply", with: { value: "{{steps.lookup.body}}" } },
        ],
      },
    ]);
    const started = performance.now();

    const answer = await sendWidgetAction(sim, url, STATUS, { secret: SECRET });

    expect(answer).toMatchObject({ status: 200, body: { data: { value: "" } } });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(lines.some((line) => line.includes("widget:data answered an empty value: no reply within 300 ms"))).toBe(
      true,
    );
  });

  it("answers an empty value, and logs why, when no rule replies", async () => {
    const { sim, url, lines } = await running([
      { id: "quiet", on: "widget:data", do: [{ action: "log", with: { message: "asked for {{data.item_id}}" } }] },
    ]);

    const answer = await sendWidgetAction(sim, url, STATUS, { secret: SECRET });

    expect(answer).toMatchObject({ status: 200, body: { data: { value: "" } } });
    expect(lines.some((line) => line.includes("asked for status"))).toBe(true);
    expect(lines.some((line) => line.includes("no rule replied"))).toBe(true);
  });

  it("answers the last reply of the rules, and keeps an edited value no rule replies to", async () => {
    const { sim, url } = await running([
      {
        id: "answer",
        on: "widget:data",
        if: { path: "data.payload.value", exists: false },
        do: [
          { action: "reply", with: { value: "first" } },
          { action: "reply", with: { value: "{{data.item_id}} is fine" } },
        ],
      },
    ]);

    const fetched = await sendWidgetAction(sim, url, STATUS, { secret: SECRET });
    const edited = await sendWidgetAction(sim, url, { ...STATUS, value: "typed by Sam" }, { secret: SECRET });

    expect(fetched.body).toEqual({ data: { value: "status is fine" } });
    expect(edited.body).toEqual({ data: { value: "typed by Sam" } });
  });

  it("refuses what is not a widget action: 405, 400, 413", async () => {
    const { url } = await running([]);
    const post = (body: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });

    const get = await fetch(url);
    const notJson = await post("{not json");
    const noOrigin = await post(JSON.stringify({ action: { type: "data" }, widget: { item_id: "status" } }));
    const huge = await post(JSON.stringify({ padding: "x".repeat(300 * 1024) }));

    expect([get.status, notJson.status, noOrigin.status, huge.status]).toEqual([405, 400, 400, 413]);
    expect(await noOrigin.json()).toEqual({ error: "malformed_action", reason: "`origin.website_id` is missing" });
  });
});
