import type { Command } from "commander";
import { hasCredentials } from "../../runtime/run/read-environment.js";
import type { CliIo } from "../cli-io.js";

/**
 * `crisp-plugin start [manifest]`, what `npm start` runs: `run` when the plugin token is in the
 * environment, else `dev` against the built-in simulator, so a new user sees the plugin work
 * before they have a Crisp account.
 */
export function registerStart(program: Command, io: CliIo): void {
  program
    .command("start")
    .description("run for real when CRISP_IDENTIFIER and CRISP_KEY are set, else against the built-in simulator (dev)")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .action(async (manifest: string) => {
      const command = hasCredentials(io.env) ? "run" : "dev";
      if (command === "dev")
        io.stderr("No CRISP_IDENTIFIER/CRISP_KEY in the environment: running against the built-in Crisp simulator.\n");
      await program.parseAsync([command, manifest], { from: "user" });
    });
}
