/** A socket event the stand-by kept. */
export interface BufferedEvent {
  readonly identity: string;
  readonly name: string;
  readonly data: unknown;
  /** When it arrived (ms, this process's clock). */
  readonly at: number;
}

interface Entry extends BufferedEvent {
  acknowledged: boolean;
}

/**
 * The stand-by socket's memory of the last seconds of events, minus those the holder accepted.
 * The holder logs the identity of each socket event it accepts; the stand-by reads that log and
 * acknowledges, one for one, the earliest copy it kept with the same identity. A log entry read
 * before the stand-by's own copy arrived waits for it (sockets are not in step). What is left when
 * the stand-by takes over is what the holder never accepted: the events sent while it was dying.
 */
export class SocketBuffer {
  readonly #windowMs: number;
  readonly #now: () => number;
  #entries: Entry[] = [];
  readonly #waiting = new Map<string, Entry[]>();
  /** Acknowledgements read before their event arrived, by identity, with when they were read. */
  readonly #early = new Map<string, number[]>();

  constructor(windowMs: number, now: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Keeps an event, unless the holder's log already acknowledged it. */
  add(event: Omit<BufferedEvent, "at">): void {
    this.#prune();
    const early = this.#early.get(event.identity);
    if (early !== undefined && early.length > 0) {
      early.shift();
      if (early.length === 0) this.#early.delete(event.identity);
      return;
    }
    const entry: Entry = { ...event, at: this.#now(), acknowledged: false };
    this.#entries.push(entry);
    const same = this.#waiting.get(event.identity);
    if (same === undefined) this.#waiting.set(event.identity, [entry]);
    else same.push(entry);
  }

  /** The holder accepted an event with this identity: its earliest copy kept here is not needed. */
  acknowledge(identity: string): void {
    const same = this.#waiting.get(identity);
    const entry = same?.shift();
    if (same !== undefined && same.length === 0) this.#waiting.delete(identity);
    if (entry !== undefined) {
      entry.acknowledged = true;
      return;
    }
    const early = this.#early.get(identity);
    if (early === undefined) this.#early.set(identity, [this.#now()]);
    else early.push(this.#now());
  }

  /** How many events are kept and not acknowledged. */
  get size(): number {
    return this.#entries.filter((entry) => !entry.acknowledged).length;
  }

  /** The events kept and not acknowledged, oldest first; the buffer is empty afterwards. */
  drain(): BufferedEvent[] {
    this.#prune();
    const left = this.#entries
      .filter((entry) => !entry.acknowledged)
      .map(({ identity, name, data, at }) => ({ identity, name, data, at }));
    this.#entries = [];
    this.#waiting.clear();
    this.#early.clear();
    return left;
  }

  /** Forgets events and early acknowledgements older than the window. */
  #prune(): void {
    const oldest = this.#now() - this.#windowMs;
    let drop = 0;
    while (drop < this.#entries.length && (this.#entries[drop] as Entry).at < oldest) drop += 1;
    if (drop > 0) {
      for (const entry of this.#entries.slice(0, drop)) {
        if (entry.acknowledged) continue;
        const same = this.#waiting.get(entry.identity);
        same?.shift();
        if (same !== undefined && same.length === 0) this.#waiting.delete(entry.identity);
      }
      this.#entries = this.#entries.slice(drop);
    }
    for (const [identity, times] of this.#early) {
      while (times.length > 0 && (times[0] as number) < oldest) times.shift();
      if (times.length === 0) this.#early.delete(identity);
    }
  }
}
