import type { JsonObject } from "./json-object.js";
import type { CausedEvent } from "./route-result.js";
import type { ConversationMeta, SimulatedConversation, SimulatedMessage } from "./simulated-conversation.js";

/**
 * The event a stored message causes, shaped as crisp-api's `EventsMessageGeneric`: `message:send`
 * for a visitor's (`from: "user"`), `message:received` for an operator's, the plugin's own
 * included, with its `origin`, and `stamped` (the message was stored and given its fingerprint).
 */
export function messageEvent(message: SimulatedMessage): CausedEvent {
  return {
    event: message.from === "user" ? "message:send" : "message:received",
    data: {
      session_id: message.session_id,
      inbox_id: null,
      type: message.type,
      from: message.from,
      origin: message.origin,
      content: message.content,
      fingerprint: message.fingerprint,
      timestamp: message.timestamp,
      user: message.user ?? {},
      stamped: true,
      ...(message.automated === undefined ? {} : { automated: message.automated }),
    },
  };
}

/**
 * A `session:set_*` event: the session fields and what changed, with no `origin` (crisp-api's
 * `Events.ts` gives these events none, so a plugin cannot tell its own change from another's).
 */
export function sessionEvent(conversation: SimulatedConversation, event: string, fields: JsonObject): CausedEvent {
  return { event, data: { session_id: conversation.session_id, inbox_id: null, ...fields } };
}

/** The meta fields that have an event of their own when they change; `ip` has none. */
const META_EVENTS: Readonly<Record<string, string>> = {
  nickname: "session:set_nickname",
  email: "session:set_email",
  phone: "session:set_phone",
  subject: "session:set_subject",
  address: "session:set_address",
  avatar: "session:set_avatar",
  origin: "session:set_origin",
  segments: "session:set_segments",
  data: "session:set_data",
};

/**
 * The events an `updateConversationMetas` body causes: one per field it sets, carrying the field's
 * value after the change (`data` in full, merged keys included). Crisp's behaviour for a value
 * that did not change is undocumented: the simulator emits anyway, the stricter assumption.
 */
export function metaEvents(conversation: SimulatedConversation, patch: JsonObject): CausedEvent[] {
  const meta: ConversationMeta = conversation.meta;
  return Object.keys(patch).flatMap((key) => {
    const event = META_EVENTS[key];
    if (event === undefined) return [];
    const value = structuredClone(meta[key as keyof ConversationMeta]);
    return [sessionEvent(conversation, event, { [key]: value })];
  });
}
