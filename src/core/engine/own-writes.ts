import type { CrispEvent } from "./crisp-event.js";

/** A change the plugin made through Crisp's REST API, and the event Crisp answers it with. */
export interface OwnWrite {
  readonly website_id: string;
  readonly session_id: string;
  /** The event that echoes it: `session:set_state`, `session:set_segments`... */
  readonly event: string;
  /** The payload field that carries the value: `state`, `segments`, `data`... */
  readonly field: string;
  readonly value: unknown;
}

/** An own write matched by an echo: what the decision record says about it. */
export interface EchoMatch {
  readonly write: OwnWrite;
  /** How long before the echo was handled the write was made (ms). */
  readonly ageMs: number;
}

/** How long a write waits for its echo: Crisp emits within a second; queues may hold it a little. */
export const OWN_WRITE_WINDOW_MS = 30_000;

/** How many writes between two sweeps of the conversations whose writes all expired. */
const SWEEP_EVERY = 1_000;

interface Remembered {
  readonly write: OwnWrite;
  readonly at: number;
}

/**
 * The plugin's recent writes, so that the `session:set_*` events they cause, which carry no
 * `origin` (crisp-platform.md §11), are known as the plugin's own. An echo takes the write it
 * matches (same conversation, event and value): one write, one echo; a write with no echo is
 * forgotten after the window. Memory of this process only: with several replicas, an echo handled
 * by another replica than the one that wrote is not recognised.
 */
export class OwnWrites {
  readonly #byConversation = new Map<string, Remembered[]>();
  readonly #now: () => number;
  readonly #windowMs: number;
  #sinceSweep = 0;

  constructor(options: { readonly now: () => number; readonly windowMs?: number }) {
    this.#now = options.now;
    this.#windowMs = options.windowMs ?? OWN_WRITE_WINDOW_MS;
  }

  /** Remembers a write about to be sent (before it is: its echo may arrive before the answer). */
  remember(write: OwnWrite): void {
    const key = `${write.website_id}/${write.session_id}`;
    const list = this.#fresh(key);
    list.push({ write, at: this.#now() });
    this.#byConversation.set(key, list);
    this.#sinceSweep += 1;
    if (this.#sinceSweep >= SWEEP_EVERY) this.#sweep();
  }

  /** Whether `event` echoes a remembered write, without taking it. */
  recognises(event: CrispEvent): boolean {
    return this.#find(event).found !== undefined;
  }

  /** Takes the remembered write `event` echoes, if any. */
  claim(event: CrispEvent): EchoMatch | undefined {
    const { key, list, index, found } = this.#find(event);
    if (found === undefined) return undefined;
    list.splice(index, 1);
    if (list.length === 0) this.#byConversation.delete(key);
    return { write: found.write, ageMs: this.#now() - found.at };
  }

  #find(event: CrispEvent): { key: string; list: Remembered[]; index: number; found: Remembered | undefined } {
    const key = `${event.website_id}/${event.session_id ?? ""}`;
    if (event.session_id === undefined) return { key, list: [], index: -1, found: undefined };
    const list = this.#fresh(key);
    const index = list.findIndex(({ write }) => write.event === event.name && echoes(write, event.data[write.field]));
    return { key, list, index, found: list[index] };
  }

  /** The writes of a conversation still in the window (the expired ones dropped). */
  #fresh(key: string): Remembered[] {
    const since = this.#now() - this.#windowMs;
    const list = (this.#byConversation.get(key) ?? []).filter(({ at }) => at >= since);
    if (list.length === 0) this.#byConversation.delete(key);
    else this.#byConversation.set(key, list);
    return list;
  }

  #sweep(): void {
    this.#sinceSweep = 0;
    for (const key of [...this.#byConversation.keys()]) this.#fresh(key);
  }
}

/**
 * Whether an echoed value is the written one. `data` merges into the conversation's data, and its
 * event carries the data in full: every written key must be there with its value. Other fields
 * carry what was written.
 */
function echoes(write: OwnWrite, echoed: unknown): boolean {
  if (write.field !== "data") return JSON.stringify(echoed) === JSON.stringify(write.value);
  if (typeof echoed !== "object" || echoed === null || typeof write.value !== "object" || write.value === null) {
    return false;
  }
  const data = echoed as Record<string, unknown>;
  return Object.entries(write.value).every(([key, value]) => data[key] === value);
}
