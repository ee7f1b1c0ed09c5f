import { Option, type Command } from "commander";
import { formatHookEvents } from "../../core/manifest/format-hook-events.js";
import { SCOPE_FORMATS, type ScopeFormat } from "../../core/manifest/format-scopes.js";
import { listHookEvents } from "../../core/manifest/list-hook-events.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin events [manifest] [--format text|json|markdown]`. */
export function registerEvents(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("events")
    .description("print the events to tick in the Marketplace for Web Hooks: the rules' and the lifecycle's")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .addOption(new Option("--format <format>", "output format").choices(SCOPE_FORMATS).default("text"))
    .action(
      exitWith(exit, async (file: string, options: { format: ScopeFormat }) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        io.stdout(formatHookEvents(listHookEvents(result.loaded.manifest), options.format));
        return EXIT.ok;
      }),
    );
}
