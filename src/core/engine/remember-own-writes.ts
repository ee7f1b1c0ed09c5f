import type { OwnWrite } from "./own-writes.js";

/** The meta fields whose change Crisp echoes with an event of their own. */
const META_EVENTS: Readonly<Record<string, string>> = {
  nickname: "session:set_nickname",
  email: "session:set_email",
  phone: "session:set_phone",
  subject: "session:set_subject",
  segments: "session:set_segments",
  data: "session:set_data",
};

/**
 * The writes a crisp-api `website` call makes whose echo (`session:set_state`, `set_segments`,
 * `set_data`, `set_email`, `set_block`...) carries no origin, to remember before it is sent: the
 * built-in actions' calls and hooks' `ctx.crisp` calls alike (both go through the gateway).
 * Messages need nothing: their echo carries the plugin's URN.
 */
export function ownWritesOf(method: string, args: readonly unknown[]): OwnWrite[] {
  const [websiteId, sessionId, value] = args;
  if (typeof websiteId !== "string" || typeof sessionId !== "string") return [];
  const at = { website_id: websiteId, session_id: sessionId };
  switch (method) {
    case "updateConversationMetas":
      if (typeof value !== "object" || value === null) return [];
      return Object.entries(value as Record<string, unknown>).flatMap(([field, fieldValue]) => {
        const event = Object.hasOwn(META_EVENTS, field) ? META_EVENTS[field] : undefined;
        return event === undefined ? [] : [{ ...at, event, field, value: fieldValue }];
      });
    case "changeConversationState":
      return [{ ...at, event: "session:set_state", field: "state", value }];
    case "blockIncomingMessagesForConversation":
      return [{ ...at, event: "session:set_block", field: "is_blocked", value }];
    default:
      return [];
  }
}
