import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterEach, beforeEach } from "vitest";
import type { CrispRest } from "../../src/core/ports/crisp-rest.js";
import { compileRuleSet, type RuleSet } from "../../src/core/engine/compile-rule-set.js";
import type { WebsiteContext } from "../../src/core/engine/handle-event.js";
import type { EngineDeps } from "../../src/core/engine/engine-deps.js";
import type { HookRunner } from "../../src/core/engine/hook-runner.js";
import type { LoadedHooks } from "../../src/core/hooks/load-hooks.js";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import type { Manifest } from "../../src/core/manifest/manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";
import { createLogger } from "../../src/core/logging/logger.js";
import { createSettingsValidator } from "../../src/runtime/websites/create-settings-validator.js";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startWorld, URN, WEBSITE } from "../actions/action-harness.js";

/** Reading and answering messages, reading and tagging conversations: what most test rules need. */
export const MESSAGE_SCOPES = [
  { scope: "website:conversation:messages", access: ["read", "write"], why: "Read and answer messages." },
  { scope: "website:conversation:sessions", access: ["read", "write"], why: "Tag conversations." },
];

/** A temporary directory, removed with everything in it by `remove()`. */
export interface TempDir {
  readonly path: string;
  /** Writes `text` to `name` in the directory; answers the file's absolute path. */
  write(name: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a directory under the system's temp dir. */
export async function createTempDir(prefix = "crisp-engine-"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    async write(name, text) {
      const file = join(path, name);
      await writeFile(file, text);
      return file;
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/** The parts of a manifest a test chooses; the rest is a valid default. */
export interface ManifestParts {
  readonly rules: readonly Record<string, unknown>[];
  readonly scopes?: readonly Record<string, unknown>[];
  readonly settings?: Record<string, unknown>;
  readonly http?: Record<string, unknown>;
  readonly hooks?: string;
}

/** A manifest as YAML text, with the URN of the test world (`URN`) so that the loop guard applies. */
export function manifestYaml(parts: ManifestParts): string {
  return stringify({
    version: 1,
    plugin: { urn: URN, name: "Engine Test" },
    scopes: parts.scopes ?? MESSAGE_SCOPES,
    ...(parts.settings ? { settings: parts.settings } : {}),
    ...(parts.hooks ? { hooks: parts.hooks } : {}),
    ...(parts.http ? { http: parts.http } : {}),
    rules: parts.rules,
  });
}

/** A manifest loaded from disk and compiled, as the runtime has it. */
export interface LoadedRuleSet {
  readonly manifest: Manifest;
  readonly ruleSet: RuleSet;
  readonly hooks?: LoadedHooks;
}

/**
 * Writes the manifest to `dir/plugin.yaml`, loads it as the runtime does (hooks included) and
 * compiles its rules; throws with the problem lines when it is not valid.
 */
export async function loadRuleSet(dir: TempDir, parts: ManifestParts | string): Promise<LoadedRuleSet> {
  await dir.write("plugin.yaml", typeof parts === "string" ? parts : manifestYaml(parts));
  const loaded = await loadManifest("plugin.yaml", { cwd: dir.path });
  if (loaded.manifest === undefined) {
    throw new Error(`the test manifest is invalid:\n${loaded.problems.map(formatProblem).join("\n")}`);
  }
  return {
    manifest: loaded.manifest,
    ruleSet: compileRuleSet(loaded.manifest),
    ...(loaded.hooks ? { hooks: loaded.hooks } : {}),
  };
}

/** The website of the test world with `settings` checked against the manifest, defaults applied. */
export function websiteFor(manifest: Manifest, settings: Record<string, unknown> = {}): WebsiteContext {
  const result = createSettingsValidator(manifest.settings)(settings);
  if (!result.ok) throw new Error(`invalid test settings: ${result.reason}`);
  return { id: WEBSITE, settings: result.settings };
}

/** Engine dependencies writing log lines into `lines`. */
export interface TestDeps {
  readonly deps: EngineDeps;
  /** Every log line, `LEVEL message {fields}`. */
  readonly lines: string[];
  /** The messages of the `info` lines, which is what `log` steps write by default. */
  readonly info: () => string[];
}

/** Dependencies for `handleEvent`: the real fetch, a clock fixed at `now`, a logger kept in memory. */
export function engineDeps(
  crisp: CrispRest,
  options: { now?: string; mode?: "run" | "record"; hooks?: HookRunner; fetch?: typeof fetch } = {},
): TestDeps {
  const lines: string[] = [];
  const now = new Date(options.now ?? "2026-11-24T20:00:00Z");
  const deps: EngineDeps = {
    crisp,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    now: () => now,
    fetch: options.fetch ?? fetch,
    mode: options.mode ?? "run",
    ...(options.hooks ? { hooks: options.hooks } : {}),
  };
  return {
    deps,
    lines,
    info: () => lines.filter((line) => line.startsWith("INFO ")).map((line) => line.slice(6).replace(/ \{.*$/, "")),
  };
}

/** A `log` step, the simplest way to see which steps ran and in which order. */
export function logStep(message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { action: "log", with: { message }, ...extra };
}

/** A decision record as `simulate --json` prints it and the runtime logs it: plain JSON data. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** What every engine test runs against: a simulator, a crisp-api client on it, a temp folder. */
export interface World {
  readonly sim: CrispSimulator;
  readonly crisp: CrispRest;
  readonly dir: TempDir;
}

/** Starts a fresh world before each test and tears it down after; `receive` gets each new one. */
export function useWorld(receive: (world: World) => void): void {
  let world: World | undefined;
  beforeEach(async () => {
    const { sim, crisp } = await startWorld();
    world = { sim, crisp, dir: await createTempDir() };
    receive(world);
  });
  afterEach(async () => {
    await world?.dir.remove();
    await world?.sim.close();
  });
}
