/** One pending wait: what it looks for and how to settle it. */
interface Waiter<T> {
  readonly predicate: (item: T) => boolean;
  readonly resolve: (item: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Promises that resolve with the first item of a changing collection that matches a predicate: the
 * RTM sockets, for tests that must wait until a client authenticated or rebound, since socket.io
 * messages arrive asynchronously and a fixed sleep would be flaky.
 */
export class SnapshotWaiters<T> {
  readonly #read: () => T[];
  readonly #what: string;
  readonly #waiters = new Set<Waiter<T>>();

  /** `read` answers the current items; `what` names them in timeout messages ("RTM socket"). */
  constructor(read: () => T[], what: string) {
    this.#read = read;
    this.#what = what;
  }

  /** The first current item matching `predicate`, else the first to match after a `check()`. */
  wait(predicate: (item: T) => boolean, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#settle(waiter, () => {
          reject(new Error(`no ${this.#what} matched within ${timeoutMs} ms; now: ${JSON.stringify(this.#read())}`));
        });
      }, timeoutMs);
      const waiter: Waiter<T> = { predicate, resolve, reject, timer };
      this.#waiters.add(waiter);
      this.#try(waiter, this.#read());
    });
  }

  /** Looks again after a change; call it whenever the collection changed. */
  check(): void {
    const items = this.#read();
    for (const waiter of [...this.#waiters]) this.#try(waiter, items);
  }

  /** Rejects every pending wait: nothing will change any more. */
  close(reason: string): void {
    for (const waiter of [...this.#waiters]) {
      this.#settle(waiter, () => {
        waiter.reject(new Error(reason));
      });
    }
  }

  #try(waiter: Waiter<T>, items: T[]): void {
    try {
      const found = items.find((item) => waiter.predicate(item));
      if (found !== undefined) {
        this.#settle(waiter, () => {
          waiter.resolve(found);
        });
      }
    } catch (error) {
      // A predicate that throws is the test's bug: report it through the promise it awaits.
      this.#settle(waiter, () => {
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
      });
    }
  }

  #settle(waiter: Waiter<T>, settle: () => void): void {
    if (!this.#waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    settle();
  }
}
