import type { Server } from "node:http";
import type { CallFilter, RecordedCall } from "./call-recorder.js";
import type { InjectedFailure } from "./failure-injector.js";
import type { HookDeliveryAttempt } from "./hook-dispatcher.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { JsonObject } from "./json-object.js";
import type { RandomFaultOptions } from "./random-faults.js";
import type { RtmSocketSnapshot } from "./rtm-hub.js";
import type { HookBody, HookResponse, SendHookOptions } from "./send-hook.js";
import type { SimulatedConversation, SimulatedMessage } from "./simulated-conversation.js";
import type { SimulatedPeople } from "./simulated-people.js";
import type { SimulatedWebsite, WebsiteSeed } from "./simulated-website.js";
import type { ConversationInit, MessageInput } from "./simulator-state.js";

/** A website as `CrispSimulator.website()` shows it, without its conversations and contacts. */
export type WebsiteSnapshot = Omit<SimulatedWebsite, "conversations" | "people" | "operators">;

/**
 * A running local Crisp, REST API and RTM (socket.io, and Web Hooks when configured), that the real
 * `crisp-api` client talks to over loopback, with controls to shape its state, emit events, inject
 * failures and inspect what was called. What the inspection methods return are copies: changing them
 * does not change the simulator.
 */
export interface CrispSimulator {
  /** The REST host for `client.setRestHost(url)`: `http://127.0.0.1:PORT` (crisp-api appends `/v1/`). */
  readonly url: string;
  readonly port: number;
  /**
   * The RTM endpoint `getConnectEndpoints` hands out by default: `http://127.0.0.1:PORT/rtm/`. Connect
   * like crisp-api: `io(new URL(rtmUrl).origin, { path: new URL(rtmUrl).pathname, transports: ["websocket"] })`.
   */
  readonly rtmUrl: string;
  /** The HTTP server that carries both the REST routes and socket.io; `close()` closes it. */
  readonly server: Server;
  /** The keypair the simulator accepts with `authenticateTier("plugin", identifier, key)`. */
  readonly credentials: PluginCredentials;
  /** What `getConnectAccount` answers. */
  readonly pluginId: string;
  /** The plugin's URN, for tests that check the `origin` stamped on messages. */
  readonly pluginUrn: string;

  /**
   * Disconnects every RTM socket, then stops the HTTP server, drops open connections, stops pending
   * hook deliveries and rejects pending waits. Safe to call twice.
   */
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

  /**
   * Installs the plugin on a website (again); `listConnectWebsitesSince` reports it as `added`, and
   * `plugin:subscription:updated` (`bound: true`) is emitted. RTM sockets bound before stay unbound
   * from it until they `socket:bind`, as on Crisp.
   */
  install(website: WebsiteSeed): void;
  /**
   * Uninstalls it: the website's routes answer `404 not_subscribed`; reported as `removed`, and
   * `plugin:subscription:updated` (`bound: false`) is emitted.
   */
  uninstall(websiteId: string): void;
  /**
   * Replaces a website's plugin settings, as a dashboard user would; reported as `updated`, and
   * `plugin:settings:saved` is emitted with the full settings (as the settings REST routes do).
   */
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
  /**
   * Fails a share of the calls from now on, at random but repeatably with a `seed`: refused with
   * 429/5xx, or carried out and then answered 5xx or too late (`timeoutShare`), so that a client
   * cannot tell whether its write happened. Calls a `failNext` failure takes are not drawn.
   */
  failRandomly(options: RandomFaultOptions): void;
  /** Stops `failRandomly`. */
  stopFailing(): void;

  /**
   * Emits an RTM event (REST changes emit theirs by themselves, as Crisp does: `message:received`
   * for a message sent, `session:set_state`, `session:set_segments`, `session:set_data`... after a
   * change): `data` (with `website_id` added when missing) goes to every authenticated
   * socket bound to the website and listening to `event`, and, when the simulator was started with
   * `hooks`, to the hooks URL in the background. It does not check that the website has the plugin,
   * so that tests can play races (an event just after an uninstall). Answers how many sockets got it.
   * `plugin:subscription:updated` and `plugin:settings:saved` ignore the website binding (see
   * `RtmHub.emit` for that assumption).
   */
  emit(websiteId: string, event: string, data?: JsonObject): number;
  /**
   * A visitor writes a text message: the conversation is created when missing, the message is
   * stored, and `message:send` is delivered as Crisp would. Returns the stored message.
   */
  visitorWrites(websiteId: string, sessionId: string, text: string, nickname?: string): SimulatedMessage;
  /**
   * A human operator writes a text message from the Crisp inbox (`origin: "chat"`): the conversation
   * is created when missing, the message is stored, and `message:received` is delivered. Returns it.
   */
  operatorWrites(websiteId: string, sessionId: string, text: string, nickname?: string): SimulatedMessage;
  /** The connected RTM sockets with their authentication, bound websites and events. */
  rtmSockets(): RtmSocketSnapshot[];
  /**
   * Resolves with the first connected socket matching `filter`, now or after it changes (connects,
   * authenticates, rebinds); rejects after `timeoutMs` (5 s by default). socket.io delivers messages
   * asynchronously: this is how a test knows a `socket:bind` has been handled.
   */
  waitForRtmSocket(filter: (socket: RtmSocketSnapshot) => boolean, timeoutMs?: number): Promise<RtmSocketSnapshot>;
  /** Cuts every RTM socket's transport (clients reconnect and must authenticate again); answers how many. */
  dropRtmConnections(): number;
  /**
   * While on, every RTM authentication gets `unauthorized` and a disconnect, good credentials included
   * (a revoked token). Sockets already authenticated keep working: `dropRtmConnections()` makes them
   * authenticate again.
   */
  rejectRtmAuthentication(reject?: boolean): void;

  /**
   * POSTs one Plugin Hook to `url`, signed with `secret`, exactly as Crisp does (see `sendHook`), with
   * this simulator's plugin id in `X-Crisp-Hook-Origin`. Aborted if the simulator closes meanwhile.
   */
  sendHook(url: string, secret: string, body: HookBody, options?: SendHookOptions): Promise<HookResponse>;
  /** Every attempt to deliver emitted events to the `hooks` URL, in the order they ended. */
  hookDeliveries(): HookDeliveryAttempt[];
  /** Resolves once every hook delivery started so far has succeeded or given up. */
  waitForHookDeliveries(): Promise<void>;
}
