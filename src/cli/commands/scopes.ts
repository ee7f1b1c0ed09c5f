import { Option, type Command } from "commander";
import { formatScopes, SCOPE_FORMATS, type ScopeFormat } from "../../core/manifest/format-scopes.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin scopes [manifest] [--format text|json|markdown] [--check]`. */
export function registerScopes(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("scopes")
    .description("print the scopes to request for a production token, each with its justification")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .addOption(new Option("--format <format>", "output format").choices(SCOPE_FORMATS).default("text"))
    .option("--check", "only check: exit 1 when a rule needs a scope the manifest does not declare")
    .action(
      exitWith(exit, async (file: string, options: { format: ScopeFormat; check?: boolean }) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        if (options.check) {
          io.stdout(`${file}: every scope the rules need is declared\n`);
          return EXIT.ok;
        }
        io.stdout(formatScopes(result.loaded.manifest, options.format));
        return EXIT.ok;
      }),
    );
}
