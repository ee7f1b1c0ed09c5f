import type { EventName } from "crisp-api";

/**
 * Every RTM event name that `crisp-api`'s `Crisp#on()` accepts, in the library's own order.
 *
 * crisp-api keeps this list in a private constant (`DEFAULT_RTM_EVENTS` in `dist/crisp.js`), so it
 * is copied here; `satisfies` ties each name to the library's `EventName` type at compile time, and
 * `test/crisp/rtm-events.test.ts` reads the installed library to fail when an upgrade changes it.
 */
export const RTM_EVENTS = [
  "session:update_availability",
  "session:update_verify",
  "session:request:initiated",
  "session:set_email",
  "session:set_phone",
  "session:set_address",
  "session:set_subject",
  "session:set_avatar",
  "session:set_nickname",
  "session:set_origin",
  "session:set_data",
  "session:sync:pages",
  "session:sync:events",
  "session:sync:capabilities",
  "session:sync:geolocation",
  "session:sync:system",
  "session:sync:network",
  "session:sync:timezone",
  "session:sync:locales",
  "session:sync:rating",
  "session:sync:topic",
  "session:set_state",
  "session:set_block",
  "session:set_segments",
  "session:set_opened",
  "session:set_closed",
  "session:set_participants",
  "session:set_mentions",
  "session:set_routing",
  "session:set_inbox",
  "session:removed",
  "session:error",
  "message:updated",
  "message:send",
  "message:received",
  "message:removed",
  "message:compose:send",
  "message:compose:receive",
  "message:acknowledge:read:send",
  "message:acknowledge:read:received",
  "message:acknowledge:unread:send",
  "message:acknowledge:delivered",
  "message:acknowledge:ignored",
  "message:notify:unread:send",
  "message:notify:unread:received",
  "spam:message",
  "spam:decision",
  "people:profile:created",
  "people:profile:updated",
  "people:profile:removed",
  "people:bind:session",
  "people:sync:profile",
  "people:import:progress",
  "people:import:done",
  "campaign:progress",
  "campaign:dispatched",
  "campaign:running",
  "browsing:request:initiated",
  "browsing:request:rejected",
  "call:request:initiated",
  "call:request:rejected",
  "identity:verify:request",
  "status:health:changed",
  "website:update_visitors_count",
  "website:update_operators_availability",
  "website:users:available",
  "bucket:url:upload:generated",
  "bucket:url:avatar:generated",
  "bucket:url:website:generated",
  "bucket:url:campaign:generated",
  "bucket:url:helpdesk:generated",
  "bucket:url:status:generated",
  "bucket:url:processing:generated",
  "media:animation:listed",
  "email:subscribe",
  "email:track:view",
  "plugin:channel",
  "plugin:event",
  "plugin:subscription:updated",
  "plugin:settings:saved",
  "plan:subscription:updated",
] as const satisfies readonly EventName[];

/** A name from {@link RTM_EVENTS}. */
export type RtmEvent = (typeof RTM_EVENTS)[number];

const EVENT_SET: ReadonlySet<string> = new Set(RTM_EVENTS);

/** Whether `name` is an event `crisp-api` can listen to. */
export function isRtmEvent(name: string): name is RtmEvent {
  return EVENT_SET.has(name);
}

/**
 * The lifecycle events a plugin needs whatever its rules: installs and uninstalls, and settings saved
 * from the dashboard. In Web Hooks mode Crisp sends only the events ticked in the Marketplace, these
 * included (crisp-platform.md §11).
 */
export const LIFECYCLE_EVENTS = [
  "plugin:subscription:updated",
  "plugin:settings:saved",
] as const satisfies readonly RtmEvent[];
