import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { RTM_EVENTS } from "../../src/core/crisp/rtm-events.js";
import { EVENT_ACCESS, PLUGIN_EVENTS, SCOPE_NAMES } from "../../src/core/crisp/scope-catalog.js";

/** crisp-api keeps its event list private; read it from the installed library's source. */
function crispApiEvents(): string[] {
  const source = readFileSync(createRequire(import.meta.url).resolve("crisp-api"), "utf8");
  const list = /const DEFAULT_RTM_EVENTS = \[([\s\S]*?)\];/.exec(source)?.[1];
  if (list === undefined) throw new Error("DEFAULT_RTM_EVENTS not found in crisp-api");
  return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? "");
}

describe("RTM events", () => {
  it("are exactly the events the installed crisp-api accepts in on()", () => {
    expect([...RTM_EVENTS]).toEqual(crispApiEvents());
  });

  it("each has a scope entry naming a catalogued scope", () => {
    for (const event of RTM_EVENTS) {
      const access = EVENT_ACCESS[event];
      if (typeof access === "string") continue;
      expect(SCOPE_NAMES, event).toContain(access.scope);
    }
  });

  it("leave user-tier-only events out of what a plugin can listen to", () => {
    expect(PLUGIN_EVENTS).toContain("message:send");
    expect(PLUGIN_EVENTS).not.toContain("campaign:progress");
  });
});
