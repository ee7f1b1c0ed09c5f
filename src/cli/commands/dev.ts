import type { Command } from "commander";
import { KitError } from "../../errors/kit-error.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../../observability/logger.js";
import { chatFromTerminal, DEMO_MESSAGE, DEMO_WEBSITES, startDevSession } from "../../runtime/start-dev-session.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { stopOnRequest } from "../stop-on-request.js";
import { ignoreReported, loadOrReport } from "../load-or-report.js";

/** `crisp-plugin dev [manifest]`. */
export function registerDev(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("dev")
    .description("run the plugin against the built-in Crisp simulator: no account needed")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .option("--no-demo", "do not send the demo visitor messages at start")
    .action(
      exitWith(exit, async (manifest: string, options: { demo: boolean }) => {
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
        try {
          const session = await startDevSession({ manifest, cwd: io.cwd, log, print, reportProblems: ignoreReported });
          print(
            `crisp-plugin dev: ${manifest} runs against the built-in Crisp simulator (${DEMO_WEBSITES.length} demo websites).`,
          );
          if (options.demo) for (const website of DEMO_WEBSITES) session.say(website.website_id, DEMO_MESSAGE);
          if (io.stdin.isTTY === true) chatFromTerminal(session, io.stdin, print);
          else print("Ctrl-C stops.");
          return await stopOnRequest(io, (deadline) => session.close(deadline), log);
        } catch (error) {
          if (!(error instanceof KitError)) throw error;
          io.stderr(`crisp-plugin dev: ${error.message}\n`);
          return EXIT.problems;
        }
      }),
    );
}
