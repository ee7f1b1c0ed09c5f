import type { Command } from "commander";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin validate [manifest]`. */
export function registerValidate(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("validate")
    .description(
      "check a manifest; prints one FILE:LINE:COL: CODE message line per problem on stderr. A `hooks:` module (inside the manifest's folder) is loaded, which runs its top-level code, only to check the hook names and scopes it defines; --no-hooks skips that step",
    )
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .option(
      "--no-hooks",
      "do not load the hooks module: runs none of its code, and checks neither its hook names nor its scopes",
    )
    .action(
      exitWith(exit, async (file: string, options: { hooks: boolean }) => {
        const result = await loadOrReport(io, file, { loadHooks: options.hooks });
        if ("exit" in result) return result.exit;
        const { manifest, problems } = result.loaded;
        const warnings = problems.length === 0 ? "" : `, ${problems.length} warning${problems.length === 1 ? "" : "s"}`;
        io.stdout(
          `${file}: valid (${count(manifest.rules.length, "rule")}, ${count(manifest.scopes.length, "scope")}${warnings})\n`,
        );
        return EXIT.ok;
      }),
    );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
