/** Where the CLI writes and what it resolves paths against; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** What `dev` reads typed messages from; the process's standard input when left out. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
}

/** The process's own streams and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
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
