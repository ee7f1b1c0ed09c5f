/** The environment variables a command reads, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Everything a command reads from or writes to the outside: its streams, working directory,
 * environment and the requests to stop. `processIo()` gives the process's own; tests pass theirs, so
 * commands (`run` and `dev` included) run in-process.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** Read once, at the edge: commands never read `process.env` themselves. */
  readonly env: Environment;
  /**
   * Lines typed or piped in (`dev`); `isTTY` tells a terminal from a pipe. Left out: there is no
   * input (as with `/dev/null`).
   */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /**
   * Calls `handler` when the command is asked to stop (SIGTERM or SIGINT for the process); answers
   * a function that stops listening.
   */
  readonly onStop: (handler: (reason: StopReason) => void) => () => void;
  /**
   * Ends the process at once with `code`: a second stop request, or a shutdown past its deadline.
   * In-process callers get a rejected promise of the command instead.
   */
  readonly abort: (code: number) => void;
}

/**
 * Why a command is asked to stop: the signal's name, `stop` when a caller asked in-process, `fatal`
 * when the command itself cannot go on (the plugin token was refused).
 */
export type StopReason = NodeJS.Signals | "stop" | "fatal";

/** The process's own streams, working directory, environment and signals. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    onStop: (handler) => {
      process.on("SIGTERM", handler);
      process.on("SIGINT", handler);
      return () => {
        process.off("SIGTERM", handler);
        process.off("SIGINT", handler);
      };
    },
    abort: (code) => process.exit(code),
  };
}

/** Exit codes every command shares. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** Adapts a command body that resolves with an exit code to commander's `action()`. */
export function exitWith<A extends unknown[]>(
  exit: (code: number) => void,
  run: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    exit(await run(...args));
  };
}
