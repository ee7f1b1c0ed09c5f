import { afterEach, describe, expect, it } from "vitest";
import { eventWork } from "../../src/runtime/run/event-work.js";
import { CLOCK, deliver, startHooksServer, type HooksServer } from "./hooks-test-server.js";

let server: HooksServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

// No `timestamp` and no fingerprint in the body: only the signature's timestamp header dates it.
const UNDATED = JSON.stringify({
  website_id: "website-1",
  event: "session:set_data",
  data: { website_id: "website-1", session_id: "session_x", data: { plan: "pro" } },
});

describe("a signed body without timestamp or fingerprint", () => {
  it("is dated by its signed timestamp, so a copy sent again later is the same delivery", async () => {
    let clock = CLOCK;
    server = await startHooksServer({ now: () => clock });
    await deliver(server.url, UNDATED);
    clock += 90_000;
    await deliver(server.url, UNDATED);

    const [first, copy] = server.accepted.map(({ event }) => event);
    expect(first?.timestamp).toBe(CLOCK);
    expect(copy?.timestamp).toBe(CLOCK);
    const claim = (event: typeof first) => eventWork(event as NonNullable<typeof first>, clock, "hook").dedupe.key;
    expect(claim(copy)).toBe(claim(first));
  });
});
