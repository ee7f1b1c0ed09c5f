import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeCrispEvents, EVENT_DATA_PATH } from "../../scripts/describe-crisp-events.js";
import { RTM_EVENTS } from "../../src/core/crisp/rtm-events.js";

describe("the description of Crisp events' data", () => {
  const committed = readFileSync(EVENT_DATA_PATH, "utf8");

  it("matches crisp-api's Events.ts as installed (run `npm run schema` when this fails)", () => {
    expect(describeCrispEvents()).toBe(committed);
  }, 120_000);

  it("describes every event a rule can listen to that crisp-api types, with the fields rules read", () => {
    const { events } = JSON.parse(committed) as { events: Record<string, { fields?: Record<string, unknown> }> };
    const missing = RTM_EVENTS.filter((event) => events[event] === undefined);
    expect(missing).toEqual([]);
    expect(Object.keys(events["message:send"]?.fields ?? {})).toEqual(
      expect.arrayContaining(["content", "fingerprint", "from", "origin", "session_id", "type", "user", "website_id"]),
    );
    expect(events["session:set_data"]?.fields?.data).toEqual({ open: true });
  });
});
