import { describe, expect, it } from "vitest";
import { createEventQueue, type EventQueue } from "../../src/core/engine/create-event-queue.js";

/** A promise the test settles by hand. */
interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Lets every already-settled promise callback run; the queue needs nothing else to move on. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) await Promise.resolve();
}

/**
 * Tasks that start when the queue calls them and end when the test says so, recording which are
 * running, the order they started in, and the most that ever ran at once.
 */
function controlledTasks(): {
  task: (name: string) => () => Promise<void>;
  finish: (name: string) => void;
  fail: (name: string) => void;
  started: string[];
  running: Set<string>;
  maxRunning: () => number;
} {
  const gates = new Map<string, Deferred>();
  const started: string[] = [];
  const running = new Set<string>();
  let max = 0;
  const gate = (name: string): Deferred => {
    const existing = gates.get(name);
    if (existing) return existing;
    const created = deferred();
    gates.set(name, created);
    return created;
  };
  return {
    task: (name) => async () => {
      started.push(name);
      running.add(name);
      max = Math.max(max, running.size);
      try {
        await gate(name).promise;
      } finally {
        running.delete(name);
      }
    },
    finish: (name) => {
      gate(name).resolve();
    },
    fail: (name) => {
      gate(name).reject(new Error(`${name} failed`));
    },
    started,
    running,
    maxRunning: () => max,
  };
}

describe("createEventQueue", () => {
  it("runs the events of one key strictly one after the other, in push order", async () => {
    const queue = createEventQueue({ concurrency: 4 });
    const tasks = controlledTasks();
    const done = ["a1", "a2", "a3"].map((name) => queue.push("conversation-a", tasks.task(name)));

    await settle();
    expect(tasks.started).toEqual(["a1"]);
    tasks.finish("a2"); // finishing a later one early changes nothing: it has not started
    await settle();
    expect(tasks.started).toEqual(["a1"]);
    tasks.finish("a1");
    await done[0];
    await settle();
    expect(tasks.started).toEqual(["a1", "a2", "a3"]);
    expect(tasks.maxRunning()).toBe(1);
    tasks.finish("a3");
    await Promise.all(done);
  });

  it("runs different keys in parallel up to concurrency, and never more", async () => {
    const queue = createEventQueue({ concurrency: 2 });
    const tasks = controlledTasks();
    const keys = ["a", "b", "c", "d", "e"];
    const done = keys.map((key) => queue.push(key, tasks.task(key)));

    await settle();
    expect([...tasks.running]).toEqual(["a", "b"]);
    expect(queue.size).toBe(5);
    tasks.finish("b");
    await settle();
    expect([...tasks.running]).toEqual(["a", "c"]);
    tasks.finish("a");
    tasks.finish("c");
    await settle();
    expect([...tasks.running]).toEqual(["d", "e"]);
    tasks.finish("d");
    tasks.finish("e");
    await Promise.all(done);
    expect(tasks.started).toEqual(keys);
    expect(tasks.maxRunning()).toBe(2);
    expect(queue.size).toBe(0);
  });

  it("does not let a key waiting behind its own earlier event hold a slot that another key could use", async () => {
    const queue = createEventQueue({ concurrency: 2 });
    const tasks = controlledTasks();
    const done = [
      queue.push("busy", tasks.task("busy1")),
      queue.push("busy", tasks.task("busy2")),
      queue.push("busy", tasks.task("busy3")),
      queue.push("quiet", tasks.task("quiet1")),
    ];

    await settle();
    expect([...tasks.running]).toEqual(["busy1", "quiet1"]);
    tasks.finish("quiet1");
    await done[3];
    const later = queue.push("other", tasks.task("other1"));
    await settle();
    expect([...tasks.running]).toEqual(["busy1", "other1"]);
    for (const name of ["busy1", "busy2", "busy3", "other1"]) tasks.finish(name);
    await Promise.all([...done, later]);
    expect(tasks.maxRunning()).toBe(2);
  });

  it("goes on with the next events when a task rejects, and resolves that task's push", async () => {
    const queue = createEventQueue({ concurrency: 1 });
    const tasks = controlledTasks();
    const first = queue.push("a", tasks.task("a1"));
    const second = queue.push("a", tasks.task("a2"));
    const third = queue.push("b", tasks.task("b1"));

    tasks.fail("a1");
    await expect(first).resolves.toBeUndefined();
    await settle();
    expect(tasks.started).toEqual(["a1", "b1"]);
    tasks.finish("b1");
    tasks.finish("a2");
    await Promise.all([second, third]);
    expect(tasks.started).toEqual(["a1", "b1", "a2"]);
  });

  it("goes on with the next events when a task throws before returning a promise", async () => {
    const queue = createEventQueue({ concurrency: 1 });
    const ran: string[] = [];
    const throwsAtOnce = (): Promise<void> => {
      throw new Error("thrown before any await");
    };
    const record = (name: string) => (): Promise<void> => {
      ran.push(name);
      return Promise.resolve();
    };

    const first = queue.push("a", throwsAtOnce).catch(() => undefined);
    const second = queue.push("a", record("a2"));
    const third = queue.push("b", record("b1"));

    await first;
    await settle();
    // Different conversations take turns; only the order within one is promised.
    expect([...ran].sort()).toEqual(["a2", "b1"]);
    await Promise.all([second, third]);
    expect(queue.size).toBe(0);
  });

  it("resolves idle() at once when empty, and once everything queued so far has run", async () => {
    const queue: EventQueue = createEventQueue({ concurrency: 2 });
    const tasks = controlledTasks();
    await expect(queue.idle()).resolves.toBeUndefined();

    for (const name of ["a1", "a2", "b1"]) void queue.push(name.slice(0, 1), tasks.task(name));
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });

    tasks.finish("a1");
    tasks.finish("b1");
    await settle();
    expect(idle).toBe(false);
    expect(queue.size).toBe(1);
    tasks.finish("a2");
    await waiting;
    expect(idle).toBe(true);
    expect(queue.size).toBe(0);
    expect(tasks.started).toEqual(["a1", "b1", "a2"]);
  });
});
