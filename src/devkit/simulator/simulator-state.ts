import { randomUUID } from "node:crypto";
import type { JsonObject } from "./json-object.js";
import type {
  ConversationMeta,
  ConversationState,
  SimulatedConversation,
  SimulatedMessage,
} from "./simulated-conversation.js";
import type { SimulatedPeople } from "./simulated-people.js";
import type { SimulatedWebsite, WebsiteDifference, WebsiteSeed } from "./simulated-website.js";

/** What a test may say about a new conversation; the rest gets Crisp-like defaults. */
export interface ConversationInit {
  readonly session_id?: string;
  /** Links the conversation to a contact; the contact is created (from the metas) if missing. */
  readonly people_id?: string;
  readonly meta?: Partial<ConversationMeta>;
  readonly state?: ConversationState;
}

/** A message to store, from `sendMessageInConversation` or from a test playing the visitor. */
export interface MessageInput {
  readonly type: string;
  readonly from: "user" | "operator";
  readonly origin: string;
  readonly content: unknown;
  readonly user?: JsonObject;
  readonly stealth?: boolean;
  readonly automated?: boolean;
  readonly fingerprint?: number;
  readonly timestamp?: number;
}

/**
 * A change to a website's subscription or settings, which a real Crisp reports to the plugin with
 * `plugin:subscription:updated` or `plugin:settings:saved`.
 */
export interface WebsiteChange {
  readonly kind: "installed" | "uninstalled" | "settings-saved";
  readonly website: SimulatedWebsite;
}

/** Where a fingerprint sequence starts: Crisp's are large integers; a sequence keeps tests repeatable. */
const FIRST_FINGERPRINT = 1_000_000_000;

/** The simulator's in-memory Crisp: websites, their subscription, conversations and contacts. */
export class SimulatorState {
  readonly #websites = new Map<string, SimulatedWebsite>();
  readonly #now: () => number;
  readonly #listeners = new Set<(change: WebsiteChange) => void>();
  /** The subscribed websites in install order, rebuilt after a change: paging reads a slice of it. */
  #subscribedList: SimulatedWebsite[] | undefined;
  #lastFingerprint = FIRST_FINGERPRINT;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Subscribes a website to the plugin (again), keeping its conversations when it comes back. */
  install(seed: WebsiteSeed): SimulatedWebsite {
    const known = this.#websites.get(seed.website_id);
    const website = known ?? blankWebsite(seed.website_id);
    website.token = seed.token ?? known?.token ?? `token-${seed.website_id}`;
    website.settings = structuredClone(seed.settings ?? known?.settings ?? {});
    if (seed.plan !== undefined) website.plan = { ...seed.plan };
    if (seed.operators !== undefined) website.operators = seed.operators.map((operator) => ({ ...operator }));
    website.subscribed = true;
    this.#touch(website, "added");
    this.#websites.set(website.website_id, website);
    this.#notify("installed", website);
    return website;
  }

  /**
   * Unsubscribes a website; it stays known so that `listConnectWebsitesSince` reports the removal.
   * Uninstalling it again changes nothing, so the removal keeps its date.
   */
  uninstall(websiteId: string): void {
    const website = this.#known(websiteId);
    if (!website.subscribed) return;
    website.subscribed = false;
    this.#touch(website, "removed");
    this.#notify("uninstalled", website);
  }

  /** Replaces the plugin settings of a subscribed website (an unsubscribed one has none to edit). */
  saveSettings(websiteId: string, settings: JsonObject): void {
    const website = this.#known(websiteId);
    if (!website.subscribed) throw new Error(`website ${websiteId} did not install the plugin; install() it first`);
    website.settings = structuredClone(settings);
    this.#touch(website, "updated");
    this.#notify("settings-saved", website);
  }

  /**
   * Calls `listener` after each install, uninstall and settings save, whether a test control or a
   * REST route made it (so that both emit the lifecycle events); answers a function that stops it.
   */
  onChange(listener: (change: WebsiteChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A known website, subscribed or not. */
  website(websiteId: string): SimulatedWebsite | undefined {
    return this.#websites.get(websiteId);
  }

  /** A website only while it is subscribed to the plugin. */
  subscribed(websiteId: string): SimulatedWebsite | undefined {
    const website = this.#websites.get(websiteId);
    return website?.subscribed === true ? website : undefined;
  }

  /** Every known website, in the order they were first installed. */
  websites(): SimulatedWebsite[] {
    return [...this.#websites.values()];
  }

  /**
   * The websites subscribed now, in the order they were first installed. The same array is
   * answered until a website is installed or uninstalled, so that paging through 100,000 websites
   * costs a slice per page, not a scan: do not change it.
   */
  subscribedWebsites(): readonly SimulatedWebsite[] {
    this.#subscribedList ??= [...this.#websites.values()].filter((website) => website.subscribed);
    return this.#subscribedList;
  }

  /** Opens a conversation on a known website. */
  createConversation(websiteId: string, init: ConversationInit = {}): SimulatedConversation {
    const website = this.#known(websiteId);
    const sessionId = init.session_id ?? `session_${randomUUID()}`;
    if (website.conversations.has(sessionId)) throw new Error(`conversation ${sessionId} already exists`);
    const at = this.#now();
    const meta: ConversationMeta = { segments: [], data: {}, ...structuredClone(init.meta) };
    const conversation: SimulatedConversation = {
      session_id: sessionId,
      website_id: websiteId,
      state: init.state ?? "pending",
      is_blocked: false,
      meta,
      messages: [],
      created_at: at,
      updated_at: at,
    };
    if (init.people_id !== undefined) {
      conversation.people_id = init.people_id;
      this.ensurePeople(website, init.people_id, meta);
    }
    website.conversations.set(sessionId, conversation);
    return conversation;
  }

  /** The contact with this id, created from the conversation metas when it does not exist yet. */
  ensurePeople(website: SimulatedWebsite, peopleId: string, meta: Partial<ConversationMeta> = {}): SimulatedPeople {
    const known = website.people.get(peopleId);
    if (known !== undefined) return known;
    const at = this.#now();
    const people: SimulatedPeople = {
      people_id: peopleId,
      segments: [],
      data: {},
      events: [],
      created_at: at,
      updated_at: at,
    };
    if (meta.email !== undefined) people.email = meta.email;
    if (meta.nickname !== undefined) people.nickname = meta.nickname;
    website.people.set(peopleId, people);
    return people;
  }

  /** Appends a message, giving it a fingerprint and a timestamp when it has none. */
  addMessage(conversation: SimulatedConversation, input: MessageInput): SimulatedMessage {
    const timestamp = input.timestamp ?? this.#now();
    const message: SimulatedMessage = {
      session_id: conversation.session_id,
      website_id: conversation.website_id,
      fingerprint: input.fingerprint ?? ++this.#lastFingerprint,
      type: input.type,
      from: input.from,
      origin: input.origin,
      content: structuredClone(input.content),
      stealth: input.stealth ?? false,
      timestamp,
      ...(input.user === undefined ? {} : { user: structuredClone(input.user) }),
      ...(input.automated === undefined ? {} : { automated: input.automated }),
    };
    conversation.messages.push(message);
    conversation.updated_at = timestamp;
    return message;
  }

  #known(websiteId: string): SimulatedWebsite {
    const website = this.#websites.get(websiteId);
    if (website === undefined)
      throw new Error(`website ${websiteId} is not known to the simulator; install() it first`);
    return website;
  }

  #notify(kind: WebsiteChange["kind"], website: SimulatedWebsite): void {
    if (kind !== "settings-saved") this.#subscribedList = undefined;
    for (const listener of [...this.#listeners]) listener({ kind, website });
  }

  #touch(website: SimulatedWebsite, difference: WebsiteDifference): void {
    website.difference = difference;
    website.changed_at = this.#now();
  }
}

function blankWebsite(websiteId: string): SimulatedWebsite {
  return {
    website_id: websiteId,
    token: "",
    settings: {},
    subscribed: false,
    difference: "added",
    changed_at: 0,
    conversations: new Map(),
    people: new Map(),
    operators: [],
  };
}
