import type { ConversationMeta, CrispRest } from "../crisp/crisp-rest.js";
import type { OwnWrites } from "./own-writes.js";

/** The meta fields whose change Crisp echoes with an event of their own. */
const META_EVENTS: Readonly<Record<keyof ConversationMeta, string>> = {
  nickname: "session:set_nickname",
  email: "session:set_email",
  phone: "session:set_phone",
  subject: "session:set_subject",
  segments: "session:set_segments",
  data: "session:set_data",
};

/**
 * The same REST calls, remembering each write whose echo (`session:set_state`, `set_segments`,
 * `set_data`, `set_email`, `set_block`...) carries no origin, before it is sent: built-in actions
 * and hooks (`ctx.crisp`) alike. Messages need nothing: their echo carries the plugin's URN.
 */
export function rememberOwnWrites(crisp: CrispRest, writes: OwnWrites): CrispRest {
  return {
    ...crisp,
    updateMeta: (websiteId, sessionId, meta) => {
      for (const [field, value] of Object.entries(meta)) {
        const event = META_EVENTS[field as keyof ConversationMeta] as string | undefined;
        if (event !== undefined) writes.remember({ website_id: websiteId, session_id: sessionId, event, field, value });
      }
      return crisp.updateMeta(websiteId, sessionId, meta);
    },
    changeState: (websiteId, sessionId, state, origin) => {
      writes.remember({
        website_id: websiteId,
        session_id: sessionId,
        event: "session:set_state",
        field: "state",
        value: state,
      });
      return crisp.changeState(websiteId, sessionId, state, origin);
    },
    setBlocked: (websiteId, sessionId, blocked, origin) => {
      const event = "session:set_block";
      writes.remember({ website_id: websiteId, session_id: sessionId, event, field: "is_blocked", value: blocked });
      return crisp.setBlocked(websiteId, sessionId, blocked, origin);
    },
  };
}
