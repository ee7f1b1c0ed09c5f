import { basename } from "node:path";
import { HOOK_PREFIX } from "../actions/catalog.js";
import { isPlain, rawRules, rawSteps, type Plain } from "../manifest/walk-rules.js";

/** The file `crisp-plugin types` writes next to `plugin.yaml`: `plugin.types.d.ts`. */
export function pluginTypesFile(manifestFile: string): string {
  return manifestFile.replace(/\.ya?ml$/i, "") + ".types.d.ts";
}

/**
 * The `.d.ts` of a manifest (its raw data, even if invalid): a module augmentation of
 * `crisp-plugin-kit`'s `PluginTypes` with the settings (the settings schema, closed to keys it does
 * not list), the events the rules listen to, and the events of the rules that run each hook.
 * `validate` compares the file with what this makes of the manifest now, to tell when it is stale.
 */
export function pluginTypesSource(data: Plain, manifestFile: string): string {
  const settings = isPlain(data.settings) ? { ...data.settings, additionalProperties: false } : { type: "object" };
  const events = new Set<string>();
  const hooks = new Map<string, Set<string>>();
  for (const rule of rawRules(data)) {
    const on = Array.isArray(rule.rule.on) ? rule.rule.on : [rule.rule.on];
    const names = on.filter((name): name is string => typeof name === "string");
    for (const name of names) events.add(name);
    for (const { step } of rawSteps(rule)) {
      if (typeof step.action !== "string" || !step.action.startsWith(HOOK_PREFIX)) continue;
      const hook = step.action.slice(HOOK_PREFIX.length);
      const seen = hooks.get(hook) ?? new Set<string>();
      for (const name of names) seen.add(name);
      hooks.set(hook, seen);
    }
  }
  return [
    `// Generated from ${basename(manifestFile)} by \`crisp-plugin types\`: do not edit, run it again after a change.`,
    `import type { SchemaType } from "crisp-plugin-kit";`,
    "",
    `declare module "crisp-plugin-kit" {`,
    "  interface PluginTypes {",
    `    settings: SchemaType<${JSON.stringify(settings)}>;`,
    `    events: ${union(events)};`,
    ...hooksLines(hooks),
    "  }",
    "}",
    "",
    "export {};",
    "",
  ].join("\n");
}

/** Whether a generated file's text is what `pluginTypesSource` makes of the manifest now. */
export function isUpToDate(generated: string, data: Plain, manifestFile: string): boolean {
  return generated === pluginTypesSource(data, manifestFile);
}

/** `hooks: { name: { events } }`; `Record<never, never>` for none (an empty `{}` means any value). */
function hooksLines(hooks: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  if (hooks.size === 0) return ["    hooks: Record<never, never>;"];
  const sorted = [...hooks].sort(([a], [b]) => a.localeCompare(b));
  return [
    "    hooks: {",
    ...sorted.map(([hook, on]) => `      ${JSON.stringify(hook)}: { events: ${union(on)} };`),
    "    };",
  ];
}

function union(names: ReadonlySet<string>): string {
  return names.size === 0
    ? "never"
    : [...names]
        .sort()
        .map((name) => JSON.stringify(name))
        .join(" | ");
}
