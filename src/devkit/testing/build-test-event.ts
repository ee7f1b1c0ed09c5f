import type { CrispEvent } from "../../core/engine/crisp-event.js";

/** The website every test runs on; a test's `data` may name another. */
const TEST_WEBSITE_ID = "test-website";
/** The conversation every event of a test is in, unless its `data` gives a `session_id`. */
const TEST_SESSION_ID = "session_test";

/**
 * A test event as Crisp would send it: a visitor's text message in the test conversation, at the
 * simulated time, with the event's `data` merged over it. `website_id` and `session_id` are read
 * back from the merged payload, so that an event that moves to another conversation is seen there
 * by the rules too (as `event.session_id`), not only in `data`.
 */
export function buildTestEvent(
  name: string,
  data: Readonly<Record<string, unknown>>,
  clock: number,
  fingerprint: number,
): CrispEvent {
  const payload: Record<string, unknown> = {
    website_id: TEST_WEBSITE_ID,
    session_id: TEST_SESSION_ID,
    type: "text",
    from: "user",
    origin: "chat",
    content: "",
    fingerprint,
    timestamp: clock,
    ...data,
  };
  const website = typeof payload.website_id === "string" ? payload.website_id : TEST_WEBSITE_ID;
  const session = payload.session_id;
  return {
    name,
    website_id: website,
    ...(typeof session === "string" ? { session_id: session } : {}),
    timestamp: clock,
    data: payload,
  };
}
