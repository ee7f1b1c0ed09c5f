import { isRtmEvent } from "../crisp/rtm-events.js";
import { isWidgetEvent } from "./widget-events.js";

/** One Crisp RTM event, as the rules see it, whichever way it arrived. */
export interface CrispEvent {
  /** The RTM event name, such as `message:send`. */
  readonly name: string;
  readonly website_id: string;
  readonly session_id?: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** The event payload, identical for WebSockets and Web Hooks. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Reads a Web Hooks body (`{ website_id, event, data, timestamp }`) into a {@link CrispEvent},
 * or returns why it cannot. `website_id` may be only in `data`, as on the socket.
 */
export function parseCrispEvent(body: unknown, now: () => number = Date.now): CrispEvent | { error: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { error: "the body is not a JSON object" };
  const { event, data, timestamp, website_id: websiteId } = body as Record<string, unknown>;
  if (typeof event !== "string") return { error: "`event` must be a string" };
  if (!isRtmEvent(event) && !isWidgetEvent(event)) return { error: `"${event}" is not a Crisp RTM event` };
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { error: "`data` must be an object" };
  const payload = data as Record<string, unknown>;
  const website = typeof websiteId === "string" ? websiteId : payload.website_id;
  if (typeof website !== "string" || website === "") return { error: "`website_id` is missing" };
  const session = payload.session_id;
  return {
    name: event,
    website_id: website,
    ...(typeof session === "string" ? { session_id: session } : {}),
    timestamp: typeof timestamp === "number" && Number.isFinite(timestamp) ? timestamp : now(),
    data: payload,
  };
}
