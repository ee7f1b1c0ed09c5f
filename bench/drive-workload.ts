/**
 * Plays events through the simulator to whatever plugin is connected, and times each event from
 * the moment the simulator emits it to the REST calls it causes arriving back at the simulator
 * (the simulator's `now` stamps calls on arrival; both clocks are the same `performance` clock).
 */
import type { RecordedCall } from "../src/devkit/simulator/call-recorder.js";
import type { CrispSimulator } from "../src/devkit/simulator/crisp-simulator.js";
import type { BenchEvent } from "./support-desk-workload.js";

/** The clock of the simulator and the driver: milliseconds, sub-millisecond precision. */
export const clock = (): number => performance.timeOrigin + performance.now();

/** How to play the events. */
export interface DriveOptions {
  /** Events per second (per target), evenly spaced; left out, all at once (a burst). */
  readonly rate?: number;
  /** With nothing expected, or fewer calls than expected, the run ends after this long without a call. */
  readonly quietMs?: number;
  /** Keep what each event caused, to compare two plugins. */
  readonly record?: boolean;
}

/** A simulator, the one plugin connected to it, and the events to play to it. */
export interface DriveTarget {
  readonly sim: CrispSimulator;
  readonly events: readonly BenchEvent[];
  /** The REST calls the events cause, when known (from an earlier run): the target is done at the last. */
  readonly expectedCalls?: number | undefined;
}

/** What happened. */
export interface DriveResult {
  readonly events: number;
  readonly calls: number;
  /** Calls answered with an error status (the plugin asked for something that failed). */
  readonly failedCalls: number;
  /** From the first emit to the last call, in milliseconds. */
  readonly durationMs: number;
  /** For each event that caused a call: from its emit to its first call, in milliseconds. */
  readonly firstCallMs: number[];
  /** For each event that caused a call: from its emit to its last call. */
  readonly lastCallMs: number[];
  /** With `record`: for each event, `METHOD route body` of each call it caused, in order. */
  readonly signatures: string[][];
}

/** Plays `events` to the plugin connected to `sim` (see {@link driveWorkloads}). */
export async function driveWorkload(
  sim: CrispSimulator,
  events: readonly BenchEvent[],
  options: DriveOptions & { expectedCalls?: number } = {},
): Promise<DriveResult> {
  const [result] = await driveWorkloads([{ sim, events, expectedCalls: options.expectedCalls }], options);
  return result as DriveResult;
}

/**
 * Creates the events' conversations (untimed), then emits the events of every target and waits for
 * the calls. In a burst (no `rate`), event `i` of each target is emitted at the same moment, in an
 * order that rotates. At a `rate`, the targets take turns within each period: with `n` targets,
 * event `i` reaches them `1/n` of a period apart (at 50 events/s and four targets, 5 ms), first one
 * then the next as the turns rotate. Playing to several plugins in the same stretch of time puts
 * them under the same conditions (a stall of the machine delays all of them alike over the run),
 * without making them wake at the same instant: two cores shared by plugins that all take an event
 * at once would time each one waiting for the others, and whichever needs one more process (a
 * store server) woken in that crowd pays twice. Only one plugin may be connected to each
 * simulator: every socket bound to a website gets its events.
 */
export async function driveWorkloads(
  targets: readonly DriveTarget[],
  options: DriveOptions = {},
): Promise<DriveResult[]> {
  const trackers = targets.map((target) => new Tracker(target, options.record === true));
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const stops = trackers.map((tracker) =>
    tracker.target.sim.onCall((call) => {
      if (tracker.take(call) && trackers.every((t) => t.complete())) finish();
    }),
  );
  try {
    const length = Math.max(...targets.map((target) => target.events.length));
    const n = trackers.length;
    const started = clock();
    if (options.rate === undefined) {
      for (let i = 0; i < length; i++) for (let k = 0; k < n; k++) trackers[(i + k) % n]?.emit(i);
    } else {
      // Turn `j` of the run: event `floor(j / n)` to the target whose turn it is in that period.
      await emitAtRate(length * n, options.rate * n, (j) => {
        const i = Math.floor(j / n);
        trackers[(i + (j % n)) % n]?.emit(i);
      });
    }
    const lastCall = (): number => Math.max(started, ...trackers.map((tracker) => tracker.lastCallAt));
    await Promise.race([done, quiet(lastCall, options.quietMs ?? 1_000)]);
    return trackers.map((tracker) => tracker.result());
  } finally {
    for (const stop of stops) stop();
  }
}

/** The calls one target's events caused, as they arrive. */
class Tracker {
  readonly target: DriveTarget;
  lastCallAt = 0;
  readonly #record: boolean;
  readonly #index = new Map<string, number>();
  readonly #emittedAt: Float64Array;
  readonly #first: Float64Array;
  readonly #last: Float64Array;
  readonly #signatures: string[][];
  #calls = 0;
  #failedCalls = 0;

  constructor(target: DriveTarget, record: boolean) {
    this.target = target;
    this.#record = record;
    const { events, sim } = target;
    for (const event of events) {
      const meta = { segments: [...event.segments] };
      sim.createConversation(event.websiteId, { session_id: event.sessionId, people_id: event.peopleId, meta });
    }
    events.forEach((event, i) => this.#index.set(event.sessionId, i).set(event.peopleId, i));
    this.#emittedAt = new Float64Array(events.length);
    this.#first = new Float64Array(events.length).fill(Number.NaN);
    this.#last = new Float64Array(events.length).fill(Number.NaN);
    this.#signatures = events.map(() => []);
  }

  emit(i: number): void {
    const event = this.target.events[i];
    if (event === undefined) return;
    this.#emittedAt[i] = clock();
    this.target.sim.emit(event.websiteId, event.name, event.data);
  }

  /** Counts a call if one of the events caused it; answers whether it did. */
  take(call: RecordedCall): boolean {
    const i = this.#index.get(call.sessionId ?? call.path.slice(call.path.lastIndexOf("/") + 1));
    if (i === undefined) return false;
    this.#calls += 1;
    if (call.status >= 400) this.#failedCalls += 1;
    if (Number.isNaN(this.#first[i])) this.#first[i] = call.at;
    this.#last[i] = call.at;
    this.lastCallAt = Math.max(this.lastCallAt, call.at);
    if (this.#record) this.#signatures[i]?.push(signature(call));
    return true;
  }

  complete(): boolean {
    return this.target.expectedCalls !== undefined && this.#calls >= this.target.expectedCalls;
  }

  result(): DriveResult {
    const firstCallMs: number[] = [];
    const lastCallMs: number[] = [];
    for (let i = 0; i < this.target.events.length; i++) {
      const first = this.#first[i] ?? Number.NaN;
      const emitted = this.#emittedAt[i] ?? Number.NaN;
      if (Number.isNaN(first)) continue;
      firstCallMs.push(first - emitted);
      lastCallMs.push((this.#last[i] ?? first) - emitted);
    }
    return {
      events: this.target.events.length,
      calls: this.#calls,
      failedCalls: this.#failedCalls,
      durationMs: this.lastCallAt - (this.#emittedAt[0] ?? 0),
      firstCallMs,
      lastCallMs,
      signatures: this.#signatures,
    };
  }
}

async function emitAtRate(total: number, rate: number, emit: (i: number) => void): Promise<void> {
  const start = clock();
  for (let i = 0; i < total;) {
    const due = start + (i * 1000) / rate;
    const now = clock();
    if (now >= due) emit(i++);
    else await sleep(due - now);
  }
}

/** Resolves once `lastActivity()` is older than `quietMs`. */
async function quiet(lastActivity: () => number, quietMs: number): Promise<void> {
  for (;;) {
    const idle = clock() - lastActivity();
    if (idle >= quietMs) return;
    await sleep(quietMs - idle + 1);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * What a call asked for, without what differs between runs: ids in the path, and a message's
 * `fingerprint`, which the runtime sets to a random number of its own (to recognise its message
 * after a lost answer) where a hand-written plugin lets Crisp choose one.
 */
function signature(call: RecordedCall): string {
  const body = isObject(call.body)
    ? Object.fromEntries(Object.entries(call.body).filter(([key]) => key !== "fingerprint"))
    : call.body;
  return `${call.method} ${call.route} ${canonical(body)} ${call.status}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${key}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
