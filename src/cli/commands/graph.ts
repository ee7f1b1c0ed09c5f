import { Option, type Command } from "commander";
import { formatRuleGraph, GRAPH_FORMATS, type GraphFormat } from "../../core/manifest/format-rule-graph.js";
import { buildRuleGraph } from "../../core/manifest/rule-graph.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin graph [manifest] [--format text|mermaid|dot]`. */
export function registerGraph(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("graph")
    .description("print which rules can trigger which, through the events their actions cause on Crisp")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .addOption(new Option("--format <format>", "output format").choices(GRAPH_FORMATS).default("text"))
    .action(
      exitWith(exit, async (file: string, options: { format: GraphFormat }) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        io.stdout(formatRuleGraph(buildRuleGraph(result.loaded.manifest), options.format));
        return EXIT.ok;
      }),
    );
}
