import type { Command } from "commander";
import { KitError } from "../../core/errors/kit-error.js";
import { createLogger } from "../../core/logging/logger.js";
import { readEnvironment } from "../../runtime/run/read-environment.js";
import { startRuntime } from "../../runtime/run/start-runtime.js";
import { openStore } from "../../runtime/store/open-store.js";
import { bufferLines } from "../../runtime/observability/buffer-lines.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { stopOnRequest, stoppable } from "../stop-on-request.js";
import { ignoreReported, loadOrReport } from "../load-or-report.js";

/** `crisp-plugin run [manifest] [--dry-run]`. */
export function registerRun(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("run")
    .description("run the plugin against Crisp, with the plugin token from the environment (see README)")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .option("--dry-run", "log what the rules would do, without calling Crisp or outside hosts")
    .option("--no-watch", "do not reload the manifest and hooks when their files change")
    .action(
      exitWith(exit, async (manifest: string, options: { dryRun?: boolean; watch: boolean }) => {
        // A manifest mistake is reported first, as `validate` reports it, whatever the environment.
        const checked = await loadOrReport(io, manifest);
        if ("exit" in checked) return checked.exit;
        let environment;
        try {
          environment = readEnvironment(io.env);
        } catch (error) {
          io.stderr(`crisp-plugin run: ${(error as Error).message}\n`);
          return EXIT.usage;
        }
        // Lines of one turn of the event loop are written together (see bufferLines); written out
        // before anything is written to standard error directly, and before the command returns.
        const lines = bufferLines(io.stderr);
        const log = createLogger({ level: environment.logLevel, write: lines.write });
        try {
          // A dry run must not spend `once` guards or leave work in the real store.
          const env = options.dryRun === true ? { ...io.env, CRISP_PLUGIN_STORE: "memory" } : io.env;
          const instance = io.env.CRISP_PLUGIN_INSTANCE?.trim();
          const stop = stoppable({
            ...io,
            abort: (code) => {
              lines.flush();
              io.abort(code);
            },
          });
          let exitCode = 0;
          const runtime = await startRuntime({
            ...environment,
            manifest,
            cwd: io.cwd,
            log,
            dryRun: options.dryRun === true,
            reportProblems: ignoreReported,
            store: async () => {
              const opened = await openStore(env, { cwd: io.cwd });
              log.info(`store: ${opened.description}`);
              return opened.store;
            },
            ...(instance ? { instance } : {}),
            onFatal: (error) => {
              log.error(error.message);
              exitCode = 1;
              stop.request("fatal");
            },
          });
          const code = await stopOnRequest(stop.io, (deadline) => runtime.close(deadline), log, {
            exitCode: () => exitCode,
            ...(environment.shutdownMs === undefined ? {} : { deadlineMs: environment.shutdownMs }),
          });
          lines.flush();
          return code;
        } catch (error) {
          lines.flush();
          if (!(error instanceof KitError)) throw error;
          io.stderr(`crisp-plugin run: ${error.message}\n`);
          const usage = error.code === "CONFIGURATION_INVALID" || error.code === "MANIFEST_UNREADABLE";
          return usage ? EXIT.usage : EXIT.problems;
        }
      }),
    );
}
