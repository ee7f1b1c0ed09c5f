import { Crisp } from "crisp-api";
import { KitError } from "../errors/kit-error.js";
import { observeRequest, type RequestObservation } from "./observe-request.js";
import type { ScopeNeed } from "./scope-catalog.js";
import { toKitError } from "./to-kit-error.js";

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

/** A message as `listMessages` reads it: what telling one message from another needs. */
export interface ListedMessage {
  readonly fingerprint: number;
  /** Milliseconds since the epoch; pass the oldest one as `before` to read the previous batch. */
  readonly timestamp: number;
  readonly from?: string;
  readonly origin?: string;
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
 * The Crisp REST calls the actions and hooks make, on behalf of the plugin for one website.
 * Failures reject with a {@link KitError} `CRISP_REQUEST_FAILED` (classified retryable,
 * rate-limited or unrecoverable) or `SCOPE_NOT_GRANTED`.
 */
export interface CrispRest {
  readonly sendMessage: (
    websiteId: string,
    sessionId: string,
    message: OutgoingMessage,
  ) => Promise<{ fingerprint?: number }>;
  /**
   * One batch of a conversation's messages, oldest first: the latest ones, or those strictly before
   * `before` (a timestamp in ms). Crisp's batch size is undocumented; one call is one request.
   */
  readonly listMessages: (websiteId: string, sessionId: string, before?: number) => Promise<ListedMessage[]>;
  readonly getConversation: (
    websiteId: string,
    sessionId: string,
  ) => Promise<{ people_id?: string } & Record<string, unknown>>;
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

/** The scope (and access) each {@link CrispRest} call needs with a production token. */
export const REST_SCOPES: Readonly<Record<keyof CrispRest, ScopeNeed>> = {
  sendMessage: { scope: "website:conversation:messages", access: "write" },
  listMessages: { scope: "website:conversation:messages", access: "read" },
  getConversation: { scope: "website:conversation:sessions", access: "read" },
  getMeta: { scope: "website:conversation:sessions", access: "read" },
  updateMeta: { scope: "website:conversation:sessions", access: "write" },
  changeState: { scope: "website:conversation:states", access: "write" },
  assign: { scope: "website:conversation:routing", access: "write" },
  setBlocked: { scope: "website:conversation:actions", access: "write" },
  markRead: { scope: "website:conversation:messages", access: "write" },
  updatePeopleData: { scope: "website:people:data", access: "write" },
  addPeopleEvent: { scope: "website:people:events", access: "write" },
};

/** Credentials and host of the plugin token. */
export interface CrispRestOptions {
  readonly identifier: string;
  readonly key: string;
  /** Origin of the REST API, such as `https://api.crisp.chat` (the default) or a simulator. */
  readonly restHost?: string;
  /** Abandons a request after this long (ms); crisp-api's own limit, 10 s, applies when left out. */
  readonly timeoutMs?: number;
}

/** Creates the client of the plugin tier, through the real `crisp-api` library. */
export function createCrispRest(options: CrispRestOptions): CrispRest {
  const client = new Crisp();
  client.authenticateTier("plugin", options.identifier, options.key);
  if (options.restHost !== undefined) client.setRestHost(options.restHost);
  const conversations = client.website;
  const call = async <T>(
    route: keyof CrispRest,
    context: Record<string, unknown>,
    run: () => Promise<T>,
  ): Promise<T> => {
    const observation: RequestObservation = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    try {
      return await observeRequest(observation, run);
    } catch (error) {
      // `retryAfter` is the raw header: `withRetries` reads it against its own clock.
      const retryAfter = observation.retryAfter === undefined ? {} : { retryAfter: observation.retryAfter };
      throw toKitError(error, route, { ...context, ...retryAfter });
    }
  };
  return {
    sendMessage: (w, s, message) =>
      call("sendMessage", { websiteId: w, sessionId: s }, async () => {
        const result = (await conversations.sendMessageInConversation(w, s, message as never)) as unknown;
        return result ?? {};
      }),
    listMessages: (w, s, before) =>
      call("listMessages", { websiteId: w, sessionId: s }, async () => {
        const messages = (await conversations.getMessagesInConversation(w, s, before)) as unknown;
        return Array.isArray(messages) ? messages.flatMap(toListedMessage) : [];
      }),
    getConversation: (w, s) =>
      call("getConversation", { websiteId: w, sessionId: s }, async () => {
        const conversation = (await conversations.getConversation(w, s)) as unknown;
        return { ...(conversation as object) };
      }),
    getMeta: (w, s) =>
      call("getMeta", { websiteId: w, sessionId: s }, async () => {
        const meta = await conversations.getConversationMetas(w, s);
        return meta ?? {};
      }),
    updateMeta: (w, s, meta) =>
      call("updateMeta", { websiteId: w, sessionId: s }, async () => {
        await conversations.updateConversationMetas(w, s, meta);
      }),
    changeState: (w, s, state, origin) =>
      call("changeState", { websiteId: w, sessionId: s }, async () => {
        await conversations.changeConversationState(w, s, state, undefined, origin);
      }),
    assign: (w, s, userId, silent) =>
      call("assign", { websiteId: w, sessionId: s }, async () => {
        await conversations.assignConversationRouting(w, s, { assigned: { user_id: userId }, silent });
      }),
    setBlocked: (w, s, blocked, origin) =>
      call("setBlocked", { websiteId: w, sessionId: s }, async () => {
        await conversations.blockIncomingMessagesForConversation(w, s, blocked, undefined, origin);
      }),
    markRead: (w, s, from, origin) =>
      call("markRead", { websiteId: w, sessionId: s }, async () => {
        await conversations.markMessagesReadInConversation(w, s, { from, origin });
      }),
    updatePeopleData: (w, p, data) =>
      call("updatePeopleData", { websiteId: w, peopleId: p }, async () => {
        // crisp-api types the body as the data itself, but Crisp expects `{ data: {...} }`.
        await conversations.updatePeopleData(w, p, { data } as never);
      }),
    addPeopleEvent: (w, p, event) =>
      call("addPeopleEvent", { websiteId: w, peopleId: p }, async () => {
        await conversations.addPeopleEvent(w, p, event);
      }),
  };
}

/**
 * A view of `rest` that refuses, as a production token would, every call whose scope and access
 * are not in `granted` (`"website:conversation:messages write"` entries). Development tokens allow
 * everything, so this is how a missing scope shows up before production.
 */
export function limitToScopes(rest: CrispRest, granted: ReadonlySet<string>): CrispRest {
  const limited = {} as Record<keyof CrispRest, unknown>;
  for (const route of Object.keys(REST_SCOPES) as (keyof CrispRest)[]) {
    const need = REST_SCOPES[route];
    limited[route] = (...args: unknown[]) => {
      if (granted.has(`${need.scope} ${need.access}`)) {
        return (rest[route] as (...args: unknown[]) => Promise<unknown>)(...args);
      }
      return Promise.reject(
        new KitError(
          "SCOPE_NOT_GRANTED",
          `${route} needs scope ${need.scope} with ${need.access} access, which the manifest does not declare`,
          { context: { route, ...need } },
        ),
      );
    };
  }
  return limited as unknown as CrispRest;
}

/** The fields of one listed message, or nothing for an entry without a fingerprint or timestamp. */
function toListedMessage(entry: unknown): ListedMessage[] {
  if (typeof entry !== "object" || entry === null) return [];
  const { fingerprint, timestamp, from, origin } = entry as Record<string, unknown>;
  if (typeof fingerprint !== "number" || typeof timestamp !== "number") return [];
  return [
    {
      fingerprint,
      timestamp,
      ...(typeof from === "string" ? { from } : {}),
      ...(typeof origin === "string" ? { origin } : {}),
    },
  ];
}
