import type { Command } from "commander";
import { marketplaceSettingsSchema } from "../../core/manifest/marketplace-settings-schema.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin settings-schema [manifest]`. */
export function registerSettingsSchema(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("settings-schema")
    .description("print the settings JSON Schema to paste into the Marketplace (Settings tab)")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .action(
      exitWith(exit, async (file: string) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        io.stdout(`${JSON.stringify(marketplaceSettingsSchema(result.loaded.manifest), null, 2)}\n`);
        return EXIT.ok;
      }),
    );
}
