import { isJsonObject } from "./json-object.js";

/** The payload of the RTM `authentication` message, once checked (crisp-platform.md §3.3). */
export interface RtmAuthentication {
  readonly tier: string;
  /** The token identifier. */
  readonly username: string;
  /** The token key. */
  readonly password: string;
  /** The event namespaces the socket wants. */
  readonly events: readonly string[];
  /** Websites to narrow the binding to; every installed website when left out. */
  readonly rooms?: readonly string[];
}

/**
 * The authentication payload, or `undefined` when it is not one: Crisp's answer to a malformed
 * payload is undocumented, so the simulator treats it like bad credentials (`unauthorized`), which
 * surfaces a client bug instead of leaving a silent socket. `inboxes` is not read: the simulator has
 * no inboxes.
 */
export function parseRtmAuthentication(payload: unknown): RtmAuthentication | undefined {
  if (!isJsonObject(payload)) return undefined;
  const { tier, username, password, events, rooms } = payload;
  if (typeof tier !== "string" || typeof username !== "string" || typeof password !== "string") return undefined;
  if (!isStringList(events)) return undefined;
  if (rooms !== undefined && !isStringList(rooms)) return undefined;
  return { tier, username, password, events, ...(rooms === undefined ? {} : { rooms }) };
}

/** True for an array of strings, the shape of both `events` and `rooms`. */
export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
