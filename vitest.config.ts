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
  },
});
