import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CrispSimulator } from "../../src/devkit/simulator/crisp-simulator.js";
import { startCrispSimulator, type CrispSimulatorOptions } from "../../src/devkit/simulator/start-crisp-simulator.js";
import { main } from "../../src/cli/main.js";
import { createTestIo, type TestIo } from "../cli/run-cli.js";
import { freePort } from "../support/free-port.js";
import { WAIT_MS } from "../support/wait-ms.js";

export { freePort };

/** The repository root, where bin/, dist/ and the example plugin.yaml live. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The published entry point; it runs the compiled dist/ (`npm run build`). */
export const BIN = join(REPO_ROOT, "bin", "crisp-plugin.js");
/** The manifests these tests run. */
export const RUNTIME_FIXTURES = fileURLToPath(new URL("../fixtures/runtime/", import.meta.url));

export { WAIT_MS };

// What tests ask of a running plugin and the simulator (messages said and sent, metrics, polling).
export * from "./runtime-probes.js";

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** When it ended (`performance.now()`), to measure how long a shutdown took. */
  readonly at: number;
}

/** Which stream a line came from. */
export type Stream = "stdout" | "stderr";

/**
 * What a running `crisp-plugin` printed, as lines, with waits on them, and how it ended. Lines are
 * kept whole: a chunk that ends mid-line waits for the rest.
 */
export abstract class RunningCli {
  abstract readonly exited: Promise<Exit>;
  readonly #lines: Record<Stream, string[]> = { stdout: [], stderr: [] };
  readonly #partial: Record<Stream, string> = { stdout: "", stderr: "" };
  readonly #waiters = new Set<() => void>();
  #exit: Exit | undefined;

  /** Asks it to stop as `signal` would (in-process: SIGTERM and SIGINT are a stop request). */
  abstract signal(signal: NodeJS.Signals): void;
  /** Ends it at once, whatever it was doing, and waits for it to be gone. */
  abstract kill(): Promise<void>;

  /** The lines written so far on `stream` (stderr carries the runtime's log). */
  lines(stream: Stream = "stderr"): string[] {
    return [...this.#lines[stream]];
  }

  /** The lines of `stream` that match `pattern`. */
  matching(pattern: RegExp, stream: Stream = "stderr"): string[] {
    return this.#lines[stream].filter((line) => pattern.test(line));
  }

  /** Resolves with the first line of `stream` matching `pattern`; rejects on exit or after `timeoutMs`. */
  waitForLine(pattern: RegExp, options: { stream?: Stream; timeoutMs?: number } = {}): Promise<string> {
    const stream = options.stream ?? "stderr";
    return this.#waitFor(
      () => this.#lines[stream].find((line) => pattern.test(line)),
      `a ${stream} line matching ${String(pattern)}`,
      options.timeoutMs ?? WAIT_MS,
    );
  }

  /** Resolves once `count` lines of `stream` match `pattern`. */
  waitForLines(
    pattern: RegExp,
    count: number,
    options: { stream?: Stream; timeoutMs?: number } = {},
  ): Promise<string[]> {
    const stream = options.stream ?? "stderr";
    return this.#waitFor(
      () => {
        const found = this.#lines[stream].filter((line) => pattern.test(line));
        return found.length >= count ? found : undefined;
      },
      `${count} ${stream} lines matching ${String(pattern)}`,
      options.timeoutMs ?? WAIT_MS,
    );
  }

  /**
   * Waits for `listening on port N (...)`, then for an answer on `/healthz`, and answers N. The
   * line is logged just before `run` installs its stop handlers: the answer means the command
   * has moved on, so that a signal sent now is handled rather than killing it.
   */
  async ready(timeoutMs = WAIT_MS): Promise<number> {
    const line = await this.waitForLine(/listening on port \d+ \(/, { timeoutMs });
    const port = Number(/listening on port (\d+)/.exec(line)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    await health.body?.cancel();
    return port;
  }

  /** Resolves with the exit; rejects when it is still running after `timeoutMs`. */
  exitWithin(timeoutMs: number): Promise<Exit> {
    return this.#waitFor(() => this.#exit, "the process to exit", timeoutMs);
  }

  /** Both streams, for failure messages. */
  transcript(): string {
    return [
      "--- stdout ---",
      ...this.#lines.stdout,
      "--- stderr ---",
      ...this.#lines.stderr,
      `--- exit: ${JSON.stringify(this.#exit ?? "running")}`,
    ].join("\n");
  }

  protected get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** Takes a chunk of output. */
  protected write(stream: Stream, chunk: string): void {
    const parts = (this.#partial[stream] + chunk).split("\n");
    this.#partial[stream] = parts.pop() ?? "";
    this.#lines[stream].push(...parts);
    this.#notify();
  }

  /** Flushes what is left of the streams and records the exit. */
  protected ended(exit: Exit): Exit {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.#partial[stream] !== "") this.#lines[stream].push(this.#partial[stream]);
      this.#partial[stream] = "";
    }
    this.#exit = exit;
    this.#notify();
    return exit;
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #waitFor<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      const check = (): void => {
        const found = find();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (this.#exit !== undefined && what !== "the process to exit") {
          done();
          reject(new Error(`the process exited while waiting for ${what}\n${this.transcript()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms\n${this.transcript()}`));
      }, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }
}

/** A `crisp-plugin` child process (`node bin/crisp-plugin.js`): for real signals, SIGKILL and exit codes. */
export class CliProcess extends RunningCli {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;

  /**
   * `input`, when given, is piped to the child's standard input, which then ends; else standard
   * input is `/dev/null`, as under a process manager. `bin` is the entry point run, this
   * repository's by default (an installed copy's for the package test).
   */
  constructor(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; bin?: string }) {
    super();
    const stdin = options.input === undefined ? "ignore" : "pipe";
    this.child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: [stdin, "pipe", "pipe"],
    });
    this.child.stdin?.end(options.input);
    for (const stream of ["stdout", "stderr"] as const) {
      const source = this.child[stream];
      source?.setEncoding("utf8");
      source?.on("data", (chunk: string) => {
        this.write(stream, chunk);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        resolve(this.ended({ code, signal, at: performance.now() }));
      });
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  async kill(): Promise<void> {
    if (!this.hasExited) this.child.kill("SIGKILL");
    await this.exited;
  }
}

/**
 * `crisp-plugin` run in this process through `main`, with its own streams, exactly `env` as its
 * environment, and stop requests instead of signals: no process start, and the TypeScript sources
 * under test rather than a build. An error that escapes `main` is printed as Node would print it
 * (exit code 1), so tests that look for stack traces still see them.
 */
export class InProcessCli extends RunningCli {
  readonly exited: Promise<Exit>;
  readonly #io: TestIo;

  constructor(
    args: readonly string[],
    options: { cwd: string; env: Readonly<Record<string, string>>; input?: string },
  ) {
    super();
    this.#io = createTestIo({
      cwd: options.cwd,
      env: options.env,
      ...(options.input === undefined ? {} : { stdin: options.input }),
      stdout: (text) => {
        this.write("stdout", text);
      },
      stderr: (text) => {
        this.write("stderr", text);
      },
    });
    const finished = main(args, this.#io).catch((error: unknown) => {
      this.write("stderr", `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      return 1;
    });
    this.exited = Promise.race([finished, this.#io.aborted]).then((code) =>
      this.ended({ code, signal: null, at: performance.now() }),
    );
  }

  signal(signal: NodeJS.Signals): void {
    if (signal !== "SIGTERM" && signal !== "SIGINT") throw new Error(`${signal} needs a child process: use spawn()`);
    if (!this.hasExited) this.#io.stop();
  }

  /** In-process there is no SIGKILL: asks twice (stop, then stop now) and waits for the end. */
  async kill(): Promise<void> {
    if (!this.hasExited) {
      this.#io.stop();
      this.#io.stop();
    }
    await this.exited;
  }
}

/**
 * What one test started: simulators, child processes, temp dirs. `dispose()` (in `afterEach`)
 * kills the children, closes the simulators and removes the dirs, whatever the test did.
 */
export class TestWorld {
  readonly #children: RunningCli[] = [];
  readonly #simulators: CrispSimulator[] = [];
  readonly #dirs: string[] = [];

  /** A simulator on 127.0.0.1, closed at the end of the test. */
  async simulator(options: CrispSimulatorOptions = {}): Promise<CrispSimulator> {
    const sim = await startCrispSimulator(options);
    this.#simulators.push(sim);
    return sim;
  }

  /** A temp dir holding copies of the named fixtures of test/fixtures/runtime/. */
  async pluginDir(...fixtures: string[]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "crisp-plugin-runtime-"));
    this.#dirs.push(dir);
    for (const name of fixtures) await copyFile(join(RUNTIME_FIXTURES, name), join(dir, name));
    return dir;
  }

  /** `node bin/crisp-plugin.js ...args` in `cwd`, with exactly `env` on top of a clean environment. */
  spawn(args: readonly string[], cwd: string, env: Readonly<Record<string, string>> = {}, input?: string): CliProcess {
    const environment = { ...cleanEnvironment(), ...env };
    const child = new CliProcess(
      args,
      input === undefined ? { cwd, env: environment } : { cwd, env: environment, input },
    );
    this.#children.push(child);
    return child;
  }

  /**
   * `crisp-plugin ...args` in this process (see {@link InProcessCli}), with exactly `env`: what most
   * tests use; `spawn` is for what only a process has (signals, SIGKILL, its exit code, the build).
   */
  start(
    args: readonly string[],
    cwd: string,
    env: Readonly<Record<string, string>> = {},
    input?: string,
  ): InProcessCli {
    const cli = new InProcessCli(args, input === undefined ? { cwd, env } : { cwd, env, input });
    this.#children.push(cli);
    return cli;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#children.splice(0).map((child) => child.kill()));
    await Promise.all(this.#simulators.splice(0).map((sim) => sim.close()));
    await Promise.all(this.#dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** The parent's environment without anything `run` reads, so the test decides all of it. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("CRISP_") && name !== "PORT" && name !== "LOG_LEVEL",
    ),
  );
}

/** The environment of `crisp-plugin run` against `sim`: its credentials and REST host, an HTTP port the OS picks. */
export function runEnvironment(
  sim: CrispSimulator,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    CRISP_IDENTIFIER: sim.credentials.identifier,
    CRISP_KEY: sim.credentials.key,
    CRISP_REST_HOST: sim.url,
    CRISP_RTM_MODE: "websockets",
    PORT: "0",
    LOG_LEVEL: "debug",
    ...extra,
  };
}
