import { setTimeout as sleep } from "node:timers/promises";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import type { ChaosFleet } from "./chaos-fleet.js";
import { messageHook, pluginMessages } from "./replica-fleet.js";

/** An event the chaos test sent, and the reply its rule sends when it runs. */
export interface SentEvent {
  readonly websiteId: string;
  readonly sessionId: string;
  readonly reply: string;
  /** Acknowledged (a Web Hook answered 200), or delivered to at least one socket. */
  readonly accepted: boolean;
  /** How it came in. */
  readonly via: "hook" | "socket";
  /** Over Web Hooks: the replicas it was sent to, with each answer (0: none) and when (ms since the epoch). */
  readonly deliveries?: readonly string[];
}

/** What the chaos test found, per event accepted. */
export interface ChaosCounts {
  readonly sent: number;
  readonly accepted: number;
  /** Accepted events answered exactly once. */
  readonly once: number;
  /** Accepted events never answered. */
  readonly lost: number;
  /** Replies beyond the first, for an accepted event. */
  readonly doubled: number;
  /** Replies of a conversation that came before the reply of an event sent earlier. */
  readonly orderViolations: number;
  /** Replies to events that were not accepted (a hook the plugin took but never answered 200). */
  readonly unexpected: number;
  /** A few of the order violations and doubles, to see what happened. */
  readonly samples: readonly string[];
}

/** The events sent, by conversation, in the order they were sent. */
export class ChaosLedger {
  readonly #byConversation = new Map<string, SentEvent[]>();

  add(event: SentEvent): void {
    const key = `${event.websiteId}/${event.sessionId}`;
    const list = this.#byConversation.get(key);
    if (list === undefined) this.#byConversation.set(key, [event]);
    else list.push(event);
  }

  get sent(): number {
    let count = 0;
    for (const list of this.#byConversation.values()) count += list.length;
    return count;
  }

  /** Accepted events not answered yet, as `conversation #index reply`, at most `limit`. */
  missing(sim: CrispSimulator, limit = 10): string[] {
    const found: string[] = [];
    for (const events of this.#byConversation.values()) {
      const first = events[0];
      if (first === undefined) continue;
      const replies = countOf(pluginMessages(sim, first.websiteId, first.sessionId));
      events.forEach((event, index) => {
        if (!event.accepted || found.length >= limit) return;
        const left = replies.get(event.reply) ?? 0;
        if (left > 0) replies.set(event.reply, left - 1);
        else found.push(`${event.websiteId}/${event.sessionId} #${index} "${event.reply}" (${event.via})`);
      });
    }
    return found;
  }

  /** Whether every accepted event has at least its reply. */
  settled(sim: CrispSimulator): boolean {
    for (const events of this.#byConversation.values()) {
      const first = events[0];
      if (first === undefined) continue;
      const replies = countOf(pluginMessages(sim, first.websiteId, first.sessionId));
      const needed = countOf(events.filter((event) => event.accepted).map((e) => e.reply));
      for (const [reply, count] of needed) if ((replies.get(reply) ?? 0) < count) return false;
    }
    return true;
  }

  /**
   * Compares each conversation's replies with its accepted events. A `late` event (its step failed
   * for good and was replayed from the dead letters afterwards) is answered after the later ones by
   * design: it does not count as out of order.
   */
  count(sim: CrispSimulator, late: (event: SentEvent) => boolean = () => false): ChaosCounts {
    let accepted = 0;
    let once = 0;
    let lost = 0;
    let doubled = 0;
    let orderViolations = 0;
    let unexpected = 0;
    const samples: string[] = [];
    for (const events of this.#byConversation.values()) {
      const first = events[0];
      if (first === undefined) continue;
      const replies = pluginMessages(sim, first.websiteId, first.sessionId);
      const taken = events.map(() => 0);
      let lastIndex = -1;
      for (const reply of replies) {
        // The earliest event with this reply not answered yet; else the earliest with it at all.
        let index = events.findIndex((event, at) => event.reply === reply && taken[at] === 0);
        if (index === -1) index = events.findIndex((event) => event.reply === reply);
        if (index === -1) continue;
        taken[index] = (taken[index] ?? 0) + 1;
        const event = events[index] as SentEvent;
        if (taken[index] !== 1 || late(event)) continue;
        if (index < lastIndex) {
          orderViolations += 1;
          if (samples.length < 6) {
            const before = events[lastIndex];
            samples.push(
              `"${reply}" (event ${index}) after event ${lastIndex} (${before?.reply ?? "?"}) in ${event.websiteId}/${event.sessionId}; ` +
                `its deliveries ${event.deliveries?.join(" ") ?? "-"}, sends ${sends(sim, event)}; ` +
                `the other's deliveries ${before?.deliveries?.join(" ") ?? "-"}, sends ${before === undefined ? "-" : sends(sim, before)}`,
            );
          }
        }
        lastIndex = Math.max(lastIndex, index);
      }
      events.forEach((event, index) => {
        const times = taken[index] ?? 0;
        if (!event.accepted) {
          if (times > 0) unexpected += 1;
          return;
        }
        accepted += 1;
        if (times === 1) once += 1;
        if (times > 1) {
          doubled += times - 1;
          if (samples.length < 6)
            samples.push(
              `"${event.reply}" (event ${index}) answered ${times} times in ${event.websiteId}/${event.sessionId}${late(event) ? ", replayed from a dead letter" : ""}: ${sends(sim, event)}`,
            );
        }
        if (times === 0) lost += 1;
      });
    }
    return { sent: this.sent, accepted, once, lost, doubled, orderViolations, unexpected, samples };
  }
}

/** The sends of an event's reply the simulator answered: status, and when (ms after the first). */
function sends(sim: CrispSimulator, event: SentEvent): string {
  const calls = sim
    .calls({ route: "sendMessageInConversation", websiteId: event.websiteId, sessionId: event.sessionId })
    .filter((call) => (call.body as { content?: unknown } | null)?.content === event.reply);
  return calls.map((call) => `${call.status}@${Math.round(call.at)}`).join(", ");
}

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** How the traffic runs: until `stop()` says so, one event per conversation every `everyMs`. */
export interface Traffic {
  readonly sim: CrispSimulator;
  readonly conversations: readonly { websiteId: string; sessionId: string }[];
  readonly everyMs: number;
  readonly stop: () => boolean;
  readonly ledger: ChaosLedger;
  readonly random: () => number;
}

/**
 * Web Hooks as Crisp sends them: each conversation's one after the other, spread round-robin on
 * the replicas running; one not answered 200 (a replica killed, or stopping) is sent again to the
 * next replica until one takes it; one in ten is sent again after its 200 (a retry after a lost
 * answer).
 */
export async function sendHooks(traffic: Traffic, fleet: ChaosFleet, secret: string): Promise<void> {
  let turn = 0;
  let fingerprint = 1_000_000;
  const deliver = async (
    body: ReturnType<typeof messageHook>,
    giveUpAfter: number,
    deliveries: string[],
  ): Promise<boolean> => {
    for (let attempt = 0; ; attempt += 1) {
      const replicas = fleet.running();
      const replica = replicas[turn++ % Math.max(1, replicas.length)];
      if (replica !== undefined) {
        const sentAt = Date.now();
        const status = await traffic.sim
          .sendHook(`http://127.0.0.1:${replica.port}/hooks`, secret, body, { signal: AbortSignal.timeout(15_000) })
          .then((response) => response.status)
          .catch(() => 0);
        deliveries.push(`${replica.name}:${status}@${sentAt}-${Date.now()}`);
        if (status === 200) return true;
      }
      if (traffic.stop() && attempt >= giveUpAfter) return false;
      await sleep(100);
    }
  };
  await Promise.all(
    traffic.conversations.map(async ({ websiteId, sessionId }) => {
      for (let index = 0; !traffic.stop(); index += 1) {
        const content = `${sessionId} #${index}`;
        fingerprint += 1;
        const body = messageHook(websiteId, sessionId, content, fingerprint);
        const deliveries: string[] = [];
        const accepted = await deliver(body, 50, deliveries);
        traffic.ledger.add({ websiteId, sessionId, reply: `re: ${content}`, accepted, via: "hook", deliveries });
        if (accepted && traffic.random() < 0.1) await deliver(body, 0, deliveries);
        await sleep(traffic.everyMs);
      }
    }),
  );
}

/**
 * RTM socket events as Crisp sends them to every socket listening: visitor messages (with a
 * fingerprint of their own) and edits of the last one (`message:updated`: the fingerprint is the
 * edited message's, so nothing but the content tells two edits apart, as with a state change), per
 * conversation one every `everyMs`. One that no socket heard (none was connected) is not accepted.
 */
export async function emitSocketEvents(traffic: Traffic): Promise<void> {
  const { sim } = traffic;
  await Promise.all(
    traffic.conversations.map(async ({ websiteId, sessionId }) => {
      let edited: number | undefined;
      for (let index = 0; !traffic.stop(); index += 1) {
        const content = `${sessionId} #${index}`;
        if (edited !== undefined && traffic.random() < 0.3) {
          const sockets = sim.emit(websiteId, "message:updated", {
            session_id: sessionId,
            fingerprint: edited,
            content,
          });
          traffic.ledger.add({ websiteId, sessionId, reply: `edit: ${content}`, accepted: sockets > 0, via: "socket" });
        } else {
          const message = sim.addMessage(websiteId, sessionId, { type: "text", from: "user", origin: "chat", content });
          edited = message.fingerprint;
          const sockets = sim.emit(websiteId, "message:send", {
            session_id: sessionId,
            type: "text",
            from: "user",
            origin: "chat",
            content,
            fingerprint: message.fingerprint,
            timestamp: message.timestamp,
            user: { nickname: "Visitor", user_id: sessionId },
          });
          traffic.ledger.add({ websiteId, sessionId, reply: `re: ${content}`, accepted: sockets > 0, via: "socket" });
        }
        await sleep(traffic.everyMs);
      }
    }),
  );
}
