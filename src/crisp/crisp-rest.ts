import { ownWritesOf } from "../engine/remember-own-writes.js";
import type { OwnWrites } from "../engine/own-writes.js";
import type { CrispApi, CrispGateway } from "./crisp-gateway.js";

/** A message the plugin sends; `origin` is always the plugin URN. */
export interface OutgoingMessage {
  readonly type: "text" | "note" | "picker";
  readonly from: "operator" | "user";
  readonly origin: string;
  readonly content: unknown;
  readonly user?: { readonly type?: string; readonly nickname?: string; readonly avatar?: string };
  readonly stealth?: boolean;
  readonly fingerprint?: number;
}

/** Conversation metadata as Crisp stores it (the fields the actions read and write). */
export interface ConversationMeta {
  nickname?: string;
  email?: string;
  phone?: string;
  subject?: string;
  segments?: string[];
  data?: Record<string, string | number | boolean>;
}

/**
 * The Crisp calls the built-in actions make, for one version of the plugin: each goes through the
 * gateway (scope check against the manifest, quota, retries). Failures reject with a `KitError`
 * `CRISP_REQUEST_FAILED` (classified retryable, rate-limited or unrecoverable) or `SCOPE_NOT_GRANTED`.
 */
export interface CrispRest {
  /** crisp-api's `website` and `plugin` resources, typed as crisp-api types them (what hooks get). */
  readonly api: CrispApi;
  /** `mayHaveRun`: the step was started before, so a copy already in the conversation is not sent again. */
  readonly sendMessage: (
    websiteId: string,
    sessionId: string,
    message: OutgoingMessage,
    mayHaveRun?: boolean,
  ) => Promise<{ fingerprint?: number }>;
  readonly getConversation: (websiteId: string, sessionId: string) => Promise<Record<string, unknown>>;
  readonly getMeta: (websiteId: string, sessionId: string) => Promise<ConversationMeta>;
  readonly updateMeta: (websiteId: string, sessionId: string, meta: ConversationMeta) => Promise<void>;
  readonly changeState: (
    websiteId: string,
    sessionId: string,
    state: "pending" | "unresolved" | "resolved",
    origin: string,
  ) => Promise<void>;
  readonly assign: (websiteId: string, sessionId: string, userId: string, silent: boolean) => Promise<void>;
  readonly setBlocked: (websiteId: string, sessionId: string, blocked: boolean, origin: string) => Promise<void>;
  readonly markRead: (websiteId: string, sessionId: string, from: "user" | "operator", origin: string) => Promise<void>;
  readonly updatePeopleData: (
    websiteId: string,
    peopleId: string,
    data: Record<string, string | number | boolean>,
  ) => Promise<void>;
  readonly addPeopleEvent: (
    websiteId: string,
    peopleId: string,
    event: { text: string; color?: string; data?: Record<string, unknown> },
  ) => Promise<void>;
}

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
