/**
 * What the runtime tests ask of a running plugin and of the simulator: a visitor saying something,
 * the messages the plugin sent, its metrics, and polling for a condition.
 */
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { WAIT_MS } from "../support/wait-ms.js";

/** The payload Crisp sends for a visitor's text message. */
export function visitorMessage(sessionId: string, content: string): Record<string, string | number | null> {
  return { session_id: sessionId, type: "text", from: "user", origin: "chat", content, timestamp: Date.now() };
}

/**
 * Plays a visitor writing in a conversation, as Crisp delivers it over the RTM socket: opens the
 * conversation when needed, stores the message and emits `message:send`. Answers how many sockets
 * got it.
 */
export function say(sim: CrispSimulator, websiteId: string, sessionId: string, content: string): number {
  if (sim.conversation(websiteId, sessionId) === undefined)
    sim.createConversation(websiteId, { session_id: sessionId });
  sim.addMessage(websiteId, sessionId, { type: "text", from: "user", origin: "chat", content });
  return sim.emit(websiteId, "message:send", visitorMessage(sessionId, content));
}

/** The bodies of the messages the plugin sent, in order, optionally on one website. */
export function sentMessages(
  sim: CrispSimulator,
  websiteId?: string,
): { sessionId: string | null; body: Record<string, unknown> }[] {
  return sim
    .calls({ route: "sendMessageInConversation", ...(websiteId === undefined ? {} : { websiteId }) })
    .map((call) => ({ sessionId: call.sessionId, body: call.body as Record<string, unknown> }));
}

/** A GET on the child's HTTP server. */
export async function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: await response.text() };
}

/** The value of one Prometheus sample (`name{labels} value`); 0 when absent. */
export function metric(text: string, name: string, labels: Readonly<Record<string, string>>): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = (match[2] ?? "").split(",");
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

/**
 * How many `message:send` events the runtime has counted with this outcome (`handled`: taken for
 * its rules; `ignored`, `invalid-settings`...), by its own metrics.
 */
export async function messagesCounted(port: number, outcome = "handled"): Promise<number> {
  const metrics = await get(port, "/metrics");
  return metric(metrics.body, "crisp_plugin_events_received_total", { event: "message:send", outcome });
}

/** Resolves once the runtime has counted `count` `message:send` events with this outcome. */
export function untilCounted(port: number, count: number, outcome = "handled"): Promise<number> {
  return eventually(async () => {
    const counted = await messagesCounted(port, outcome);
    return counted >= count ? counted : undefined;
  }, `the runtime counting ${count} message:send event(s) ${outcome}`);
}

/** Polls `probe` until it answers something other than `undefined`; rejects after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A stack trace line, which a person running the CLI must never see for an expected failure. */
export const STACK_LINE = /^\s{4}at /;
