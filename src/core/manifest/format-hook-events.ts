import type { ScopeFormat } from "./format-scopes.js";
import type { HookEvent } from "./list-hook-events.js";

/** The events to tick, as `crisp-plugin events` prints them (the formats of `scopes`). */
export function formatHookEvents(events: readonly HookEvent[], format: ScopeFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify({ events }, null, 2)}\n`;
    case "markdown": {
      const rows = events.map((e) => `| \`${e.event}\` | ${e.why.join("; ").replace(/\|/g, "\\|")} |`);
      return `${["| Event | Why |", "| --- | --- |", ...rows].join("\n")}\n`;
    }
    case "text": {
      const width = Math.max(...events.map((e) => e.event.length));
      return `${events.map((e) => `${e.event.padEnd(width)}  ${e.why.join("; ")}`).join("\n")}\n`;
    }
  }
}
