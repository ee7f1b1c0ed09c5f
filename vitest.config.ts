import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Child-process tests run bin/crisp-plugin.js, which imports dist/: build it from src/ first.
    globalSetup: ["test/support/build-once.ts"],
    // A test waits for its signals up to WAIT_MS (test/support/wait-ms.ts) each; a few in a row fit.
    testTimeout: 120_000,
    // Most test files wait on child processes, servers and sockets more than they compute: one more
    // worker than cores keeps the cores busy (vitest's default is one fewer, a single worker on two).
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? availableParallelism() + 1),
    hookTimeout: 60_000,
    // A worker runs its test files one after another in one module graph instead of starting a
    // fresh one per file: importing the kit (crisp-api, ajv, better-sqlite3...) anew for each of the
    // ~140 files cost more CPU than most tests (measured on two cores: 258 s with isolation, 181 s
    // without). Test files therefore keep no state at module level that another file could see:
    // each starts its own simulator, store, runtime and temporary folders, and closes them.
    isolate: false,
  },
});
