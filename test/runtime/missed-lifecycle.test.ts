import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createLogger } from "../../src/core/logging/logger.js";
import { startRuntime } from "../../src/runtime/run/start-runtime.js";
import type { Runtime } from "../../src/runtime/run/runtime.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { WAIT_MS } from "./runtime-harness.js";

let sim: CrispSimulator | undefined;
let runtime: Runtime | undefined;
let dir: string | undefined;

afterEach(async () => {
  await runtime?.close(1_000).catch(() => undefined);
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  runtime = sim = dir = undefined;
});

/**
 * Runs a plugin in `mode` against a simulator that sends no Web Hooks (none ticked), reconciling
 * every 20 ms, installs a website, and answers the log once reconciliation found it.
 */
async function installUnannounced(mode: "webhooks" | "websockets"): Promise<string[]> {
  const lines: string[] = [];
  sim = await startCrispSimulator({ websites: [{ website_id: "website-1" }] });
  dir = await mkdtemp(join(tmpdir(), "crisp-plugin-lifecycle-"));
  await writeFile(
    join(dir, "plugin.yaml"),
    stringify({ version: 1, plugin: { urn: "urn:test:lc:0", name: "Lifecycle" } }),
  );
  runtime = await startRuntime({
    manifest: "plugin.yaml",
    cwd: dir,
    identifier: sim.credentials.identifier,
    key: sim.credentials.key,
    restHost: sim.url,
    mode,
    hooksSecret: "secret",
    port: 0,
    host: "127.0.0.1",
    watch: false,
    reconcileIntervalMs: 20,
    log: createLogger({ level: "info", write: (line) => lines.push(line) }),
  });
  sim.install({ website_id: "website-2" });
  const deadline = Date.now() + WAIT_MS;
  while (!lines.some((line) => line.includes("reconciled websites"))) {
    if (Date.now() > deadline) throw new Error(`no reconciliation within ${WAIT_MS} ms:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  sim.install({ website_id: "website-3" });
  while (lines.filter((line) => line.includes("reconciled websites")).length < 2) {
    if (Date.now() > deadline) throw new Error(`no second reconciliation within ${WAIT_MS} ms:\n${lines.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines;
}

describe("a lifecycle event not ticked in the Marketplace", () => {
  it("is reported once in Web Hooks mode, when reconciliation finds an install no event announced", async () => {
    const lines = await installUnannounced("webhooks");

    const warnings = lines.filter((line) => line.includes("no plugin:subscription:updated event announced"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^WARN .*tick those `crisp-plugin events` lists/);
  });

  it("is not reported over WebSockets, where the runtime subscribes to it itself", async () => {
    const lines = await installUnannounced("websockets");

    expect(lines.filter((line) => line.includes("no plugin:subscription:updated event announced"))).toEqual([]);
  });
});
