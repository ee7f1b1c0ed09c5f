import type { Command } from "commander";
import { fstatSync } from "node:fs";
import { KitError } from "../../core/errors/kit-error.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../../core/logging/logger.js";
import { DEMO_MESSAGE, DEMO_WEBSITES } from "../../devkit/dev/demo-websites.js";
import { readDevSettings } from "../../devkit/dev/read-dev-settings.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { ignoreReported, loadOrReport } from "../load-or-report.js";
import { stopOnRequest } from "../stop-on-request.js";

const HELP = `
Settings:
  --settings FILE (JSON or YAML) is either one settings object for every demo website, or a map
  by website id (${DEMO_WEBSITES.map((website) => website.website_id).join(", ")}); the settings
  schema's defaults fill in the rest. Each website's settings page link is printed at start too.

Input:
  In a terminal, type a line to write it as a visitor of ${DEMO_WEBSITES[0].name}; start it with
  "/op " to write as an operator. When standard input is a pipe or a file, each line is one message
  (the demo messages are not sent), sent once the previous one went through the rules, and dev
  exits when the input ends:  printf 'hello\\n/op on it\\n' | crisp-plugin dev --settings s.json
`;

/** `crisp-plugin dev [manifest]`. */
export function registerDev(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("dev")
    .description("run the plugin against the built-in Crisp simulator: no account needed")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .option("--no-demo", "do not send the demo visitor messages at start")
    .option("--settings <file>", "the demo websites' settings: one object for all, or a map by website id")
    .addHelpText("after", HELP)
    .action(
      exitWith(exit, async (manifest: string, options: { demo: boolean; settings?: string }) => {
        // The manifest's problems are printed as `validate` prints them, before anything starts.
        const checked = await loadOrReport(io, manifest);
        if ("exit" in checked) return checked.exit;
        const level = (LOG_LEVELS as readonly string[]).includes(io.env.LOG_LEVEL ?? "")
          ? (io.env.LOG_LEVEL as LogLevel)
          : "info";
        const log = createLogger({
          level,
          write: (line) => {
            io.stderr(`${line}\n`);
          },
        });
        const print = (line: string): void => {
          io.stdout(`${line}\n`);
        };
        const input = io.stdin;
        const mode = inputMode(input);
        try {
          const ids = DEMO_WEBSITES.map((website) => website.website_id);
          const settings =
            options.settings === undefined ? undefined : await readDevSettings(options.settings, io.cwd, ids);
          // Loaded here, not with the CLI: the simulator and its socket.io server stay off every
          // other command's path (socket.io is an optional dependency `run` does without).
          const { startDevSession } = await import("../../devkit/dev/start-dev-session.js");
          const { chatFromInput } = await import("../../devkit/dev/chat-from-input.js");
          const session = await startDevSession({
            manifest,
            cwd: io.cwd,
            log,
            print,
            reportProblems: ignoreReported,
            ...(settings ? { settings } : {}),
          });
          print(
            `crisp-plugin dev: ${manifest} runs against the built-in Crisp simulator (${DEMO_WEBSITES.length} demo websites).`,
          );
          if (mode !== "script" && options.demo)
            for (const website of DEMO_WEBSITES) session.say(website.website_id, DEMO_MESSAGE);
          if (mode === "none") print("No input to read (standard input is not a terminal or a pipe); Ctrl-C stops.");
          else if (mode === "terminal" && input !== undefined) void chatFromInput(session, input, print, "terminal");
          if (mode !== "script" || input === undefined)
            return await stopOnRequest(io, (deadline) => session.close(deadline), log);
          const stopped = stopOnRequest(io, (deadline) => session.close(deadline), log);
          const ended = chatFromInput(session, input, print, "script").then(async () => {
            await session.close();
            return EXIT.ok;
          });
          return await Promise.race([stopped, ended]);
        } catch (error) {
          if (!(error instanceof KitError)) throw error;
          io.stderr(`crisp-plugin dev: ${error.message}\n`);
          return EXIT.problems;
        }
      }),
    );
}

/**
 * How `dev` reads its input: a terminal is typed into; a pipe or a file is a script; anything else
 * (`/dev/null` under a process manager) is no input at all, and dev runs until it is stopped.
 */
function inputMode(input: CliIo["stdin"]): "terminal" | "script" | "none" {
  if (input === undefined) return "none";
  if (input.isTTY === true) return "terminal";
  if (input !== process.stdin) return "script";
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket() ? "script" : "none";
  } catch {
    return "none";
  }
}
