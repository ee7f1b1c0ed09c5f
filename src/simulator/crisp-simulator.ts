import type { Server } from "node:http";
import type { CallFilter, RecordedCall } from "./call-recorder.js";
import type { InjectedFailure } from "./failure-injector.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { JsonObject } from "./json-object.js";
import type { SimulatedConversation, SimulatedMessage } from "./simulated-conversation.js";
import type { SimulatedPeople } from "./simulated-people.js";
import type { SimulatedWebsite, WebsiteSeed } from "./simulated-website.js";
import type { ConversationInit, MessageInput } from "./simulator-state.js";

/** A website as `CrispSimulator.website()` shows it, without its conversations and contacts. */
export type WebsiteSnapshot = Omit<SimulatedWebsite, "conversations" | "people">;

/**
 * A running local Crisp REST API that the real `crisp-api` client talks to over loopback, with
 * controls to shape its state, inject failures and inspect what was called. What the inspection
 * methods return are copies: changing them does not change the simulator.
 */
export interface CrispSimulator {
  /** The REST host for `client.setRestHost(url)`: `http://127.0.0.1:PORT` (crisp-api appends `/v1/`). */
  readonly url: string;
  readonly port: number;
  /** The HTTP server, so that the RTM half (socket.io) can share the port; close it before `close()`. */
  readonly server: Server;
  /** The keypair the simulator accepts with `authenticateTier("plugin", identifier, key)`. */
  readonly credentials: PluginCredentials;
  /** What `getConnectAccount` answers. */
  readonly pluginId: string;
  /** The plugin's URN, for tests that check the `origin` stamped on messages. */
  readonly pluginUrn: string;

  /** Stops listening, drops open connections and rejects pending `waitForCall`s. Safe to call twice. */
  close(): Promise<void>;

  /** The recorded calls (every request, answered or refused), oldest first, optionally filtered. */
  calls(filter?: CallFilter): RecordedCall[];
  /** Forgets the recorded calls. */
  clearCalls(): void;
  /**
   * Resolves with the first call matching `filter`: an already recorded one, else the next to
   * arrive (it resolves once the answer is sent). Rejects after `timeoutMs` (5 s by default).
   */
  waitForCall(filter: CallFilter, timeoutMs?: number): Promise<RecordedCall>;
  /** Calls `listener` after each request is answered; answers a function that unsubscribes it. */
  onCall(listener: (call: RecordedCall) => void): () => void;

  /** Installs the plugin on a website (again); `listConnectWebsitesSince` reports it as `added`. */
  install(website: WebsiteSeed): void;
  /** Uninstalls it: the website's routes answer `404 not_subscribed`; reported as `removed`. */
  uninstall(websiteId: string): void;
  /** Replaces a website's plugin settings, as a dashboard user would; reported as `updated`. */
  updateSettings(websiteId: string, settings: JsonObject): void;
  /** The website's subscription, token and settings; `undefined` when never installed. */
  website(websiteId: string): WebsiteSnapshot | undefined;

  /** Opens a conversation (state `pending`), linked to a contact when `people_id` is given. */
  createConversation(websiteId: string, init?: ConversationInit): SimulatedConversation;
  /** Stores a message as if it had been sent, a visitor's for instance. */
  addMessage(websiteId: string, sessionId: string, message: MessageInput): SimulatedMessage;
  /** A conversation with its metas and messages; `undefined` when unknown. */
  conversation(websiteId: string, sessionId: string): SimulatedConversation | undefined;
  /** A contact with its data and timeline events; `undefined` when unknown. */
  people(websiteId: string, peopleId: string): SimulatedPeople | undefined;

  /** Makes the next matching call(s) fail or wait: `{ route: "sendMessageInConversation", status: 429 }`. */
  failNext(failure: InjectedFailure): void;
  /** Drops failures queued by `failNext` that have not been used. */
  clearFailures(): void;
}
