import { ownWritesOf } from "../../core/engine/remember-own-writes.js";
import type { OwnWrites } from "../../core/engine/own-writes.js";
import type { CrispGateway } from "./crisp-gateway.js";
import type { CrispRest } from "../../core/ports/crisp-rest.js";

/**
 * The actions' Crisp calls on `gateway`, limited to `granted` (`"<scope> <access>"` entries, the
 * manifest's scopes): a call outside them fails with `SCOPE_NOT_GRANTED`, as with a production
 * token. Without `granted`, only what no plugin token may call is refused. With `writes`, each write
 * whose echo carries no origin (state, metas, block) is remembered before it is sent, so the loop
 * guard knows the echo as the plugin's own.
 */
export function createCrispRest(gateway: CrispGateway, granted?: ReadonlySet<string>, writes?: OwnWrites): CrispRest {
  const remember = (service: string, method: string, args: readonly unknown[]): void => {
    if (writes === undefined || service !== "website") return;
    for (const write of ownWritesOf(method, args)) writes.remember(write);
  };
  const website = (method: string, args: readonly unknown[]) => {
    remember("website", method, args);
    return gateway.call("website", method, args, granted);
  };
  const done = (): void => {};
  return {
    api: gateway.api(granted, remember),
    sendMessage: async (w, s, message, mayHaveRun = false) => {
      const sent = await gateway.call("website", "sendMessageInConversation", [w, s, message], granted, { mayHaveRun });
      return sent ?? {};
    },
    getConversation: async (w, s) => ({ ...((await website("getConversation", [w, s])) as object) }),
    getMeta: async (w, s) => (await website("getConversationMetas", [w, s])) ?? {},
    updateMeta: (w, s, meta) => website("updateConversationMetas", [w, s, meta]).then(done),
    changeState: (w, s, state, origin) =>
      website("changeConversationState", [w, s, state, undefined, origin]).then(done),
    assign: (w, s, userId, silent) =>
      website("assignConversationRouting", [w, s, { assigned: { user_id: userId }, silent }]).then(done),
    setBlocked: (w, s, blocked, origin) =>
      website("blockIncomingMessagesForConversation", [w, s, blocked, undefined, origin]).then(done),
    markRead: (w, s, from, origin) => website("markMessagesReadInConversation", [w, s, { from, origin }]).then(done),
    // crisp-api types the body as the data itself, but Crisp expects `{ data: {...} }`.
    updatePeopleData: (w, p, data) => website("updatePeopleData", [w, p, { data }]).then(done),
    addPeopleEvent: (w, p, event) => website("addPeopleEvent", [w, p, event]).then(done),
  };
}
