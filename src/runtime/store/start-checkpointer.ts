import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** A worker thread checkpointing a SQLite store's write-ahead log. */
export interface Checkpointer {
  /** Stops the thread and closes its connection; resolves once it has exited. */
  stop(): Promise<void>;
}

/** How often the worker moves the log's pages into the database file. */
const INTERVAL_MS = 200;

/**
 * How many pages the log may reach before the store's own connection checkpoints it (SQLite's
 * default is 1,000): only when the worker is not keeping up, or is gone.
 */
export const FALLBACK_CHECKPOINT_PAGES = 10_000;

// Plain CommonJS, run with `eval`: the same code from the TypeScript sources and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // The next turn tries again; the store's own connection checkpoints if the log grows too long.
  }
}, workerData.intervalMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints the write-ahead log of the SQLite store at `file` from a worker thread with its own
 * connection, every 200 ms, in PASSIVE mode (it never waits for, nor blocks, the store's writes).
 * A checkpoint copies the log's pages into the database file and syncs it to disk, which takes
 * milliseconds and, on a busy disk, tens of them; done by the connection that commits (SQLite's
 * default, every 1,000 pages), it stalls the event loop, and every event in flight with it. The
 * store's connection keeps a checkpoint of its own at {@link FALLBACK_CHECKPOINT_PAGES} pages, so
 * the log stays bounded if this thread falls behind or fails.
 */
export function startCheckpointer(file: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: INTERVAL_MS } });
  // A failing checkpointer only leaves the checkpoints to the store's own connection.
  worker.on("error", () => undefined);
  // Never what keeps the process alive.
  worker.unref();
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
      resolve();
    });
  });
  return {
    stop: () => {
      // Kept alive until it has exited: a process whose last work is this wait would otherwise end
      // with the wait unsettled (`run` exited 13 after SIGTERM instead of 0).
      worker.ref();
      worker.postMessage("stop");
      return exited;
    },
  };
}
