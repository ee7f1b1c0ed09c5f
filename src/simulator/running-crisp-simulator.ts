import type { Server } from "node:http";
import type { CallFilter, CallRecorder, RecordedCall } from "./call-recorder.js";
import type { CrispSimulator, WebsiteSnapshot } from "./crisp-simulator.js";
import type { FailureInjector, InjectedFailure } from "./failure-injector.js";
import type { PluginCredentials } from "./is-authorized.js";
import type { JsonObject } from "./json-object.js";
import type { SimulatedConversation, SimulatedMessage } from "./simulated-conversation.js";
import type { SimulatedPeople } from "./simulated-people.js";
import type { WebsiteSeed } from "./simulated-website.js";
import type { ConversationInit, MessageInput, SimulatorState } from "./simulator-state.js";

/** The parts a running simulator is made of, wired by `startCrispSimulator`. */
export interface SimulatorParts {
  readonly server: Server;
  readonly port: number;
  readonly credentials: PluginCredentials;
  readonly pluginId: string;
  readonly pluginUrn: string;
  readonly state: SimulatorState;
  readonly recorder: CallRecorder;
  readonly failures: FailureInjector;
  /** Aborted on close, so that requests waiting on latency or injected delays give up. */
  readonly closing: AbortController;
}

const DEFAULT_WAIT_MS = 5_000;

/** {@link CrispSimulator} over its parts: each control is a thin, copying delegation. */
export class RunningCrispSimulator implements CrispSimulator {
  readonly url: string;
  readonly port: number;
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
    this.server = parts.server;
    this.credentials = { ...parts.credentials };
    this.pluginId = parts.pluginId;
    this.pluginUrn = parts.pluginUrn;
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

  async #shutDown(): Promise<void> {
    const { server, closing, recorder } = this.#parts;
    closing.abort();
    recorder.close();
    const stopped = new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
    // Keep-alive sockets (fetch keeps them) would hold close() open until they time out.
    server.closeAllConnections();
    await stopped;
  }
}
