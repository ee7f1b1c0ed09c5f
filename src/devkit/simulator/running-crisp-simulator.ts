import type { Server } from "node:http";
import type { CallFilter, CallRecorder, RecordedCall } from "./call-recorder.js";
import type { CrispSimulator, WebsiteSnapshot } from "./crisp-simulator.js";
import type { FailureInjector, InjectedFailure } from "./failure-injector.js";
import type { HookDeliveryAttempt, HookDispatcher } from "./hook-dispatcher.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { JsonObject } from "./json-object.js";
import type { RandomFaultOptions, RandomFaults } from "./random-faults.js";
import { messageEvent } from "./caused-events.js";
import { lifecycleEvent } from "./lifecycle-event.js";
import type { RtmHub, RtmSocketSnapshot } from "./rtm-hub.js";
import { sendHook, type HookBody, type HookResponse, type SendHookOptions } from "./send-hook.js";
import type { SimulatedConversation, SimulatedMessage } from "./simulated-conversation.js";
import type { SimulatedPeople } from "./simulated-people.js";
import type { WebsiteSeed } from "./simulated-website.js";
import { SIMULATOR_DEFAULTS } from "./simulator-defaults.js";
import type { ConversationInit, MessageInput, SimulatorState } from "./simulator-state.js";

/** The parts a running simulator is made of, wired by `startCrispSimulator`. */
export interface SimulatorParts {
  readonly server: Server;
  readonly port: number;
  readonly rtmPath: string;
  readonly credentials: PluginCredentials;
  readonly pluginId: string;
  readonly pluginUrn: string;
  readonly state: SimulatorState;
  readonly recorder: CallRecorder;
  readonly failures: FailureInjector;
  readonly faults: RandomFaults;
  readonly rtm: RtmHub;
  /** Present when the simulator was started with `hooks`. */
  readonly hooks: HookDispatcher | undefined;
  readonly now: () => number;
  /** Aborted on close, so that requests, hook deliveries and injected delays give up. */
  readonly closing: AbortController;
}

const DEFAULT_WAIT_MS = SIMULATOR_DEFAULTS.waitMs;

/** {@link CrispSimulator} over its parts: each control is a thin, copying delegation. */
export class RunningCrispSimulator implements CrispSimulator {
  readonly url: string;
  readonly port: number;
  readonly rtmUrl: string;
  readonly server: Server;
  readonly credentials: PluginCredentials;
  readonly pluginId: string;
  readonly pluginUrn: string;
  readonly #parts: SimulatorParts;
  #closed: Promise<void> | undefined;

  constructor(parts: SimulatorParts) {
    this.#parts = parts;
    this.port = parts.port;
    this.url = `http://127.0.0.1:${parts.port}`;
    this.rtmUrl = `${this.url}${parts.rtmPath}`;
    this.server = parts.server;
    this.credentials = { ...parts.credentials };
    this.pluginId = parts.pluginId;
    this.pluginUrn = parts.pluginUrn;
    // Controls and REST routes both change the state: emitting from here covers both.
    parts.state.onChange((change) => {
      const { event, data } = lifecycleEvent(change, this.pluginId);
      this.emit(change.website.website_id, event, data);
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#shutDown();
    return this.#closed;
  }

  calls(filter?: CallFilter): RecordedCall[] {
    return this.#parts.recorder.calls(filter);
  }

  clearCalls(): void {
    this.#parts.recorder.clear();
  }

  waitForCall(filter: CallFilter, timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedCall> {
    return this.#parts.recorder.waitFor(filter, timeoutMs);
  }

  onCall(listener: (call: RecordedCall) => void): () => void {
    return this.#parts.recorder.onCall(listener);
  }

  install(website: WebsiteSeed): void {
    this.#parts.state.install(website);
  }

  uninstall(websiteId: string): void {
    this.#parts.state.uninstall(websiteId);
  }

  updateSettings(websiteId: string, settings: JsonObject): void {
    this.#parts.state.saveSettings(websiteId, settings);
  }

  website(websiteId: string): WebsiteSnapshot | undefined {
    const website = this.#parts.state.website(websiteId);
    if (website === undefined) return undefined;
    const { website_id, token, settings, plan, subscribed, difference, changed_at } = website;
    return structuredClone({ website_id, token, settings, subscribed, difference, changed_at, ...(plan && { plan }) });
  }

  createConversation(websiteId: string, init?: ConversationInit): SimulatedConversation {
    return structuredClone(this.#parts.state.createConversation(websiteId, init));
  }

  addMessage(websiteId: string, sessionId: string, message: MessageInput): SimulatedMessage {
    const conversation = this.#parts.state.website(websiteId)?.conversations.get(sessionId);
    if (conversation === undefined) throw new Error(`no conversation ${sessionId} on website ${websiteId}`);
    return structuredClone(this.#parts.state.addMessage(conversation, message));
  }

  conversation(websiteId: string, sessionId: string): SimulatedConversation | undefined {
    const conversation = this.#parts.state.website(websiteId)?.conversations.get(sessionId);
    return conversation === undefined ? undefined : structuredClone(conversation);
  }

  people(websiteId: string, peopleId: string): SimulatedPeople | undefined {
    const people = this.#parts.state.website(websiteId)?.people.get(peopleId);
    return people === undefined ? undefined : structuredClone(people);
  }

  failNext(failure: InjectedFailure): void {
    this.#parts.failures.add(failure);
  }

  clearFailures(): void {
    this.#parts.failures.clear();
  }

  failRandomly(options: RandomFaultOptions): void {
    this.#parts.faults.start(options);
  }

  stopFailing(): void {
    this.#parts.faults.stop();
  }

  visitorWrites(websiteId: string, sessionId: string, text: string, nickname = "Visitor"): SimulatedMessage {
    return this.#write(websiteId, sessionId, {
      type: "text",
      from: "user",
      origin: "chat",
      content: text,
      user: { nickname, user_id: sessionId },
    });
  }

  operatorWrites(websiteId: string, sessionId: string, text: string, nickname = "Operator"): SimulatedMessage {
    const user = { type: "website", nickname, user_id: "operator" };
    return this.#write(websiteId, sessionId, { type: "text", from: "operator", origin: "chat", content: text, user });
  }

  /** Stores a message (creating the conversation when missing) and emits the event it causes. */
  #write(websiteId: string, sessionId: string, input: MessageInput): SimulatedMessage {
    if (this.conversation(websiteId, sessionId) === undefined)
      this.createConversation(websiteId, { session_id: sessionId });
    const message = this.addMessage(websiteId, sessionId, input);
    const { event, data } = messageEvent(message);
    this.emit(websiteId, event, data);
    return message;
  }

  emit(websiteId: string, event: string, data: JsonObject = {}): number {
    const payload = { website_id: websiteId, ...structuredClone(data) };
    const { hooks, rtm, now } = this.#parts;
    hooks?.dispatch({ website_id: websiteId, event, data: payload, timestamp: now() });
    return rtm.emit(websiteId, event, payload);
  }

  rtmSockets(): RtmSocketSnapshot[] {
    return this.#parts.rtm.sockets();
  }

  waitForRtmSocket(
    filter: (socket: RtmSocketSnapshot) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RtmSocketSnapshot> {
    return this.#parts.rtm.waitForSocket(filter, timeoutMs);
  }

  dropRtmConnections(): number {
    return this.#parts.rtm.drop();
  }

  rejectRtmAuthentication(reject = true): void {
    this.#parts.rtm.rejectAuthentication(reject);
  }

  sendHook(url: string, secret: string, body: HookBody, options: SendHookOptions = {}): Promise<HookResponse> {
    const closing = this.#parts.closing.signal;
    // A signal of its own, never `closing` itself: fetch adds an abort listener to the signal it is
    // given and lowers that signal's listener limit to 1,500, so 1,500 hooks in flight at once (and
    // the requests waiting out their latency, which listen to `closing` too) printed warnings.
    const signal = AbortSignal.any(options.signal === undefined ? [closing] : [options.signal, closing]);
    return sendHook(url, secret, body, { pluginId: this.pluginId, ...options, signal });
  }

  hookDeliveries(): HookDeliveryAttempt[] {
    return this.#parts.hooks?.attempts() ?? [];
  }

  waitForHookDeliveries(): Promise<void> {
    return this.#parts.hooks?.settled() ?? Promise.resolve();
  }

  async #shutDown(): Promise<void> {
    const { server, closing, recorder, rtm, hooks } = this.#parts;
    closing.abort();
    recorder.close();
    // socket.io disconnects its sockets first, then closes the HTTP server they share.
    const stopped = rtm.close();
    // Keep-alive sockets (fetch keeps them) would hold close() open until they time out.
    server.closeAllConnections();
    await Promise.all([stopped, hooks?.settled()]);
  }
}
