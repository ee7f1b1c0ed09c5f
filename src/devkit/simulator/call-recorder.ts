/** One request the simulator answered. */
export interface RecordedCall {
  readonly method: string;
  /** The path as requested, `/v1/` included, without the query string. */
  readonly path: string;
  /** The crisp-api method name of the route (`sendMessageInConversation`), or `"unknown"`. */
  readonly route: string;
  readonly websiteId: string | null;
  readonly sessionId: string | null;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body; `null` when there was none or it was not JSON. */
  readonly body: unknown;
  readonly status: number;
  /** When the request arrived, from the simulator's `now()` (milliseconds). */
  readonly at: number;
}

/** Selects calls: by equal fields, or by a predicate. */
export type CallFilter =
  | Partial<Pick<RecordedCall, "method" | "route" | "websiteId" | "sessionId" | "status">>
  | ((call: RecordedCall) => boolean);

/** Keeps every answered request in order, and tells listeners and waiters as they come. */
export class CallRecorder {
  readonly #calls: RecordedCall[] = [];
  readonly #listeners = new Set<(call: RecordedCall) => void>();
  readonly #cancellers = new Set<(error: Error) => void>();

  /**
   * Adds a call. Like an EventEmitter listener, a listener that throws is not caught for it: the
   * error surfaces as an uncaught exception, where a test runner shows it.
   */
  record(call: RecordedCall): void {
    this.#calls.push(call);
    for (const listener of [...this.#listeners]) {
      try {
        listener(structuredClone(call));
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Copies of the recorded calls that match `filter`, oldest first. */
  calls(filter?: CallFilter): RecordedCall[] {
    const matches = toPredicate(filter);
    return this.#calls.filter((call) => matches(call)).map((call) => structuredClone(call));
  }

  /** Forgets the recorded calls (listeners and waiters stay). */
  clear(): void {
    this.#calls.length = 0;
  }

  /** Calls `listener` with each call recorded from now on; answers a function that stops it. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The first recorded call matching `filter`: one already recorded (clear the calls first to
   * wait for a new one), or the next to arrive. Rejects after `timeoutMs`, or when closed.
   */
  waitFor(filter: CallFilter, timeoutMs: number): Promise<RecordedCall> {
    const predicate = toPredicate(filter);
    const seen = this.#calls.find((call) => predicate(call));
    if (seen !== undefined) return Promise.resolve(structuredClone(seen));
    return new Promise((resolve, reject) => {
      const cleanUp = (): void => {
        clearTimeout(timer);
        stop();
        this.#cancellers.delete(cancel);
      };
      const cancel = (error: Error): void => {
        cleanUp();
        reject(error);
      };
      const timer = setTimeout(() => {
        cancel(new Error(`no matching call within ${timeoutMs} ms; recorded: ${this.#summary()}`));
      }, timeoutMs);
      const stop = this.onCall((call) => {
        const matched = safely(() => predicate(call));
        if (matched instanceof Error) {
          cancel(matched);
        } else if (matched) {
          cleanUp();
          resolve(call);
        }
      });
      this.#cancellers.add(cancel);
    });
  }

  /** Rejects every pending `waitFor`: nothing will arrive once the server is closed. */
  close(): void {
    for (const cancel of [...this.#cancellers])
      cancel(new Error("the Crisp simulator was closed while waiting for a call"));
  }

  #summary(): string {
    if (this.#calls.length === 0) return "none";
    return this.#calls.map((call) => `${call.route} ${call.status}`).join(", ");
  }
}

function toPredicate(filter: CallFilter | undefined): (call: RecordedCall) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === "function") return filter;
  const wanted = Object.entries(filter) as [keyof RecordedCall, unknown][];
  return (call) => wanted.every(([key, value]) => call[key] === value);
}

/** Runs `run`, turning what it throws into an Error value so that a waiter can reject with it. */
function safely<T>(run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
