/** A unit of work keyed by conversation. */
type Task = () => Promise<void>;

/** Runs tasks one at a time per key and up to `concurrency` keys at once. */
export interface EventQueue {
  /** Queues `task` behind the earlier tasks of the same `key`; resolves when it has run. */
  push(key: string, task: Task): Promise<void>;
  /** Tasks queued or running. */
  readonly size: number;
  /** Resolves when every task queued so far has run. */
  idle(): Promise<void>;
}

/**
 * Events of one conversation must be handled in order (a reply must not overtake the tag that
 * precedes it), while different conversations proceed in parallel up to a limit. A key waiting
 * behind its own earlier task holds no slot, so one busy conversation cannot starve the others.
 */
export function createEventQueue(options: { concurrency: number }): EventQueue {
  const pending = new Map<string, { task: Task; done: () => void }[]>();
  const ready: string[] = [];
  const busy = new Set<string>();
  let size = 0;
  let waiters: (() => void)[] = [];

  const dispatch = (): void => {
    while (busy.size < options.concurrency && ready.length > 0) {
      const key = ready.shift() as string;
      const queue = pending.get(key);
      const next = queue?.shift();
      if (next === undefined) continue;
      busy.add(key);
      // A task that throws before returning a promise must not leave its key busy forever.
      void Promise.resolve()
        .then(() => next.task())
        .catch(() => undefined)
        .then(() => {
          busy.delete(key);
          size -= 1;
          next.done();
          if (queue && queue.length > 0) ready.push(key);
          else pending.delete(key);
          if (size === 0) {
            waiters.forEach((resolve) => {
              resolve();
            });
            waiters = [];
          }
          dispatch();
        });
    }
  };

  return {
    push(key, task) {
      return new Promise<void>((done) => {
        size += 1;
        const queue = pending.get(key);
        if (queue) queue.push({ task, done });
        else {
          pending.set(key, [{ task, done }]);
          ready.push(key);
        }
        dispatch();
      });
    },
    get size() {
      return size;
    },
    idle() {
      return size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
