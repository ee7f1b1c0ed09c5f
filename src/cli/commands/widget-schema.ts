import type { Command } from "commander";
import { marketplaceWidgetSchema } from "../../core/manifest/marketplace-widget-schema.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin widget-schema [manifest]`. */
export function registerWidgetSchema(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("widget-schema")
    .description("print the widget JSON to paste into the Marketplace (Settings tab, Widget)")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .action(
      exitWith(exit, async (file: string) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        const { widget } = result.loaded.manifest;
        if (widget === undefined) {
          io.stderr(`${file}: the manifest has no widget: section; add one (see docs/widgets.md)\n`);
          return EXIT.problems;
        }
        io.stdout(`${JSON.stringify(marketplaceWidgetSchema(widget), null, 2)}\n`);
        return EXIT.ok;
      }),
    );
}
