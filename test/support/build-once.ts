import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Vitest global set-up: builds dist/ once before any test, so the tests that start
 * `bin/crisp-plugin.js` as a child process run the sources as they are now, never a stale build.
 * The build is incremental (dist/.tsbuildinfo): when nothing changed it costs a few seconds.
 */
export default function buildOnce(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const started = performance.now();
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`dist/ built from src/ for the child-process tests (${seconds} s)\n`);
}
