import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { CliIo, Environment } from "../../src/cli/cli-io.js";
import { main } from "../../src/cli/main.js";

/** The repository root, where the example plugin.yaml lives. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What one run of the CLI printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where an in-process command writes, what it reads, and how a test asks it to stop. */
export interface TestIo extends CliIo {
  /** Asks the command to stop, as SIGTERM does for the process. */
  readonly stop: () => void;
  /** Resolves with the code the command asked to end with at once (a second stop, a missed deadline). */
  readonly aborted: Promise<number>;
}

/**
 * An `io` for running a command in-process: output to `stdout`/`stderr`, exactly `env` as its
 * environment (nothing from the test process leaks in), and `stdin` piped in when given.
 */
export function createTestIo(options: {
  cwd: string;
  env?: Environment;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Text piped in (`dev` reads it line by line); left out: no input at all. */
  stdin?: string;
}): TestIo {
  const handlers = new Set<(reason: "stop") => void>();
  let abort: (code: number) => void = () => undefined;
  const aborted = new Promise<number>((resolve) => {
    abort = resolve;
  });
  return {
    stdout: options.stdout,
    stderr: options.stderr,
    cwd: options.cwd,
    env: options.env ?? {},
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([options.stdin]) }),
    onStop: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    abort,
    aborted,
    stop: () => {
      for (const handler of [...handlers]) handler("stop");
    },
  };
}

/** Runs `crisp-plugin <argv>` in-process through `main`, capturing both streams. */
export async function runCli(argv: readonly string[], cwd: string = REPO_ROOT, env: Environment = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = createTestIo({
    cwd,
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The non-empty lines of a stream. */
export function linesOf(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}
