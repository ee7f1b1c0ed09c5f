import type { CrispApi } from "../crisp/crisp-api.js";

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
