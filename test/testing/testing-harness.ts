import { stringify } from "yaml";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import type { Manifest } from "../../src/core/manifest/manifest.js";
import { formatProblem } from "../../src/core/manifest/problem.js";
import { MESSAGE_SCOPES, type TempDir } from "../engine/engine-harness.js";

export { createTempDir, type TempDir } from "../engine/engine-harness.js";

/** Monday 5 January 2026, 08:59 in Paris (UTC+1 in winter): one minute before opening. */
export const MONDAY_0859_PARIS = "2026-01-05T07:59:00Z";

/** What the business-hours plugin answers outside opening hours, unless its settings say otherwise. */
export const CLOSED_REPLY = "We're closed";

/**
 * A plugin open mon-fri 09:00-18:00 in its settings' timezone (Europe/Paris by default): it answers
 * visitors who write outside those hours, and tags every conversation it sees.
 */
export const HOURS_PLUGIN = {
  settings: {
    type: "object",
    properties: {
      greeting: { type: "string", default: CLOSED_REPLY },
      timezone: { type: "string", default: "Europe/Paris" },
    },
  },
  rules: [
    {
      id: "after-hours",
      on: "message:send",
      if: {
        not: {
          time: {
            weekdays: ["mon", "tue", "wed", "thu", "fri"],
            between: ["09:00", "18:00"],
            timezone: "{{settings.timezone}}",
          },
        },
      },
      do: [{ action: "send_message", with: { content: "{{settings.greeting}}", user: { nickname: "Bot" } } }],
    },
    { id: "tag", on: "message:send", do: [{ action: "add_segments", with: { segments: ["seen", "visitor"] } }] },
  ],
} as const;

/** The parts of a manifest a test chooses; the rest is a valid default. */
export interface PluginParts {
  readonly rules: readonly unknown[];
  readonly settings?: unknown;
  readonly tests?: readonly unknown[];
}

/** A manifest as YAML text, with the scopes that replying and tagging need. */
export function pluginYaml(parts: PluginParts): string {
  return stringify({
    version: 1,
    plugin: { urn: "urn:test:testing:0", name: "Testing Test" },
    scopes: MESSAGE_SCOPES,
    ...(parts.settings === undefined ? {} : { settings: parts.settings }),
    rules: parts.rules,
    ...(parts.tests === undefined ? {} : { tests: parts.tests }),
  });
}

/** Writes `parts` to `dir/name` and loads it as the CLI does; throws with its problems if it is invalid. */
export async function writeManifest(dir: TempDir, parts: PluginParts, name = "plugin.yaml"): Promise<Manifest> {
  await dir.write(name, pluginYaml(parts));
  const loaded = await loadManifest(name, { cwd: dir.path });
  if (loaded.manifest === undefined) {
    throw new Error(`the test manifest is invalid:\n${loaded.problems.map(formatProblem).join("\n")}`);
  }
  return loaded.manifest;
}
