import type { RtmEvent } from "./rtm-events.js";

/** Read or write permission on a token scope; Crisp grants each independently. */
export type Access = "read" | "write";

/** What a rule needs from the production token: one scope with one access. */
export interface ScopeNeed {
  scope: Scope;
  access: Access;
}

/**
 * The plugin token scopes Crisp documents (`../shared/crisp-platform.md` §2.2), with what each
 * grants. The manifest schema's `scopes[].scope` enum must list exactly these (checked by a test).
 */
export const SCOPES = {
  "bucket:url": "Generate file upload URLs.",
  "plan:subscription": "Read the website's plan subscription.",
  "website:availability": "Read whether the website's team is online.",
  "website:operators": "List the website's operators and email them.",
  "website:settings": "Read the website's settings.",
  "website:verify": "Identity-verification settings.",
  "website:visitors": "List live visitors.",
  "website:conversation:initiate": "Create conversations.",
  "website:conversation:sessions": "Read and update conversation metadata (meta, email, segments, data).",
  "website:conversation:suggest": "Suggested segments and data keys.",
  "website:conversation:messages": "Read and send messages.",
  "website:conversation:states": "Read and change the conversation state (pending, unresolved, resolved).",
  "website:conversation:participants": "Read and save conversation participants.",
  "website:conversation:pages": "Pages browsed by the visitor.",
  "website:conversation:events": "List and push conversation events.",
  "website:conversation:actions": "Actions on a conversation: block, transcript, open/close.",
  "website:conversation:browsing": "MagicBrowse co-browsing.",
  "website:conversation:calls": "Crisp calls.",
  "website:conversation:reminders": "Schedule reminders.",
  "website:conversation:routing": "Read and change the conversation assignment.",
  "website:people:profiles": "List, create and update contact profiles.",
  "website:people:data": "Read and write custom data on contact profiles.",
  "website:people:subscriptions": "Email subscription status of contacts.",
  "website:people:events": "Contact timeline events (name unconfirmed by Crisp's docs).",
} as const;

/** A scope name from {@link SCOPES}. */
export type Scope = keyof typeof SCOPES;

/** The scope names, in catalogue order. */
export const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

/** How a plugin token receives an event: the scope it needs, none, or not at all. */
export type EventAccess = ScopeNeed | "no-scope" | "user-tier-only";

const SESSIONS_READ: ScopeNeed = { scope: "website:conversation:sessions", access: "read" };
const MESSAGES_READ: ScopeNeed = { scope: "website:conversation:messages", access: "read" };
const PROFILES_READ: ScopeNeed = { scope: "website:people:profiles", access: "read" };
const BUCKET_WRITE: ScopeNeed = { scope: "bucket:url", access: "write" };
const ACTIONS_READ: ScopeNeed = { scope: "website:conversation:actions", access: "read" };

/**
 * For each RTM event, the scope a plugin token needs to receive it (crisp-platform.md §2.4).
 * Typed as a total record so that a new event in crisp-api fails to compile until it is placed here.
 */
export const EVENT_ACCESS: Readonly<Record<RtmEvent, EventAccess>> = {
  "session:update_availability": SESSIONS_READ,
  "session:update_verify": SESSIONS_READ,
  "session:request:initiated": { scope: "website:conversation:initiate", access: "write" },
  "session:set_email": SESSIONS_READ,
  "session:set_phone": SESSIONS_READ,
  "session:set_address": SESSIONS_READ,
  "session:set_subject": SESSIONS_READ,
  "session:set_avatar": SESSIONS_READ,
  "session:set_nickname": SESSIONS_READ,
  "session:set_origin": SESSIONS_READ,
  "session:set_data": SESSIONS_READ,
  "session:sync:pages": { scope: "website:conversation:pages", access: "read" },
  "session:sync:events": { scope: "website:conversation:events", access: "read" },
  "session:sync:capabilities": "no-scope",
  "session:sync:geolocation": SESSIONS_READ,
  "session:sync:system": SESSIONS_READ,
  "session:sync:network": SESSIONS_READ,
  "session:sync:timezone": SESSIONS_READ,
  "session:sync:locales": SESSIONS_READ,
  "session:sync:rating": SESSIONS_READ,
  "session:sync:topic": SESSIONS_READ,
  "session:set_state": { scope: "website:conversation:states", access: "read" },
  "session:set_block": ACTIONS_READ,
  "session:set_segments": SESSIONS_READ,
  "session:set_opened": ACTIONS_READ,
  "session:set_closed": ACTIONS_READ,
  "session:set_participants": { scope: "website:conversation:participants", access: "read" },
  "session:set_mentions": SESSIONS_READ,
  "session:set_routing": { scope: "website:conversation:routing", access: "read" },
  "session:set_inbox": SESSIONS_READ,
  "session:removed": SESSIONS_READ,
  "session:error": SESSIONS_READ,
  "message:updated": MESSAGES_READ,
  "message:send": MESSAGES_READ,
  "message:received": MESSAGES_READ,
  "message:removed": MESSAGES_READ,
  "message:compose:send": MESSAGES_READ,
  "message:compose:receive": MESSAGES_READ,
  "message:acknowledge:read:send": MESSAGES_READ,
  "message:acknowledge:read:received": MESSAGES_READ,
  "message:acknowledge:unread:send": MESSAGES_READ,
  "message:acknowledge:delivered": MESSAGES_READ,
  "message:acknowledge:ignored": MESSAGES_READ,
  "message:notify:unread:send": MESSAGES_READ,
  "message:notify:unread:received": MESSAGES_READ,
  "spam:message": "user-tier-only",
  "spam:decision": "user-tier-only",
  "people:profile:created": PROFILES_READ,
  "people:profile:updated": PROFILES_READ,
  "people:profile:removed": PROFILES_READ,
  "people:bind:session": PROFILES_READ,
  "people:sync:profile": PROFILES_READ,
  "people:import:progress": "user-tier-only",
  "people:import:done": "user-tier-only",
  "campaign:progress": "user-tier-only",
  "campaign:dispatched": "user-tier-only",
  "campaign:running": "user-tier-only",
  "browsing:request:initiated": { scope: "website:conversation:browsing", access: "write" },
  "browsing:request:rejected": { scope: "website:conversation:browsing", access: "write" },
  "call:request:initiated": { scope: "website:conversation:calls", access: "write" },
  "call:request:rejected": { scope: "website:conversation:calls", access: "write" },
  "identity:verify:request": "no-scope",
  "status:health:changed": "user-tier-only",
  "website:update_visitors_count": { scope: "website:visitors", access: "read" },
  "website:update_operators_availability": { scope: "website:operators", access: "read" },
  "website:users:available": { scope: "website:availability", access: "read" },
  "bucket:url:upload:generated": BUCKET_WRITE,
  "bucket:url:avatar:generated": BUCKET_WRITE,
  "bucket:url:website:generated": BUCKET_WRITE,
  "bucket:url:campaign:generated": BUCKET_WRITE,
  "bucket:url:helpdesk:generated": BUCKET_WRITE,
  "bucket:url:status:generated": BUCKET_WRITE,
  "bucket:url:processing:generated": BUCKET_WRITE,
  "media:animation:listed": "user-tier-only",
  "email:subscribe": { scope: "website:people:subscriptions", access: "read" },
  "email:track:view": { scope: "website:people:subscriptions", access: "read" },
  "plugin:channel": "no-scope",
  "plugin:event": "no-scope",
  "plugin:subscription:updated": "no-scope",
  "plugin:settings:saved": "no-scope",
  "plan:subscription:updated": { scope: "plan:subscription", access: "read" },
};

/** Events a plugin token can receive at all, for completion and suggestions. */
export const PLUGIN_EVENTS = (Object.keys(EVENT_ACCESS) as RtmEvent[]).filter(
  (event) => EVENT_ACCESS[event] !== "user-tier-only",
);
