import type { Command } from "commander";
import { checkListing } from "../../core/manifest/check-listing.js";
import type { ChecklistItem } from "../../core/manifest/checklist-item.js";
import { formatProblem } from "../../core/manifest/problem.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

/** `crisp-plugin check --submission [manifest]`. */
export function registerCheck(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("check")
    .description("check a manifest for a Marketplace submission: listing, logo, links, scopes")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .requiredOption("--submission", "run the Marketplace submission checklist")
    .action(
      exitWith(exit, async (file: string) => {
        const result = await loadOrReport(io, file);
        if ("exit" in result) return result.exit;
        const items = checkListing(result.loaded);
        // A private plugin is never listed: what the listing lacks is information, not a failure.
        const isPrivate = result.loaded.manifest.plugin.visibility === "private";
        const informational = (item: ChecklistItem): boolean =>
          isPrivate && item.kind === "listing" && item.problem !== undefined;
        if (isPrivate) {
          io.stdout(
            "private plugin: the listing items below are information, not failures (the Marketplace asks for them only to publish a plugin, visibility: public); its scopes still need a justification\n",
          );
        }
        for (const item of items) {
          const mark = informational(item) ? "i" : item.problem ? "✗" : "✓";
          io.stdout(`${mark} ${item.label}: ${item.detail}\n`);
        }
        const failed = items.filter((item) => item.problem !== undefined && !informational(item));
        for (const item of failed) if (item.problem) io.stderr(`${formatProblem(item.problem)}\n`);
        io.stdout(
          failed.length === 0 ? "ready for submission\n" : `${failed.length} item(s) to fix before submission\n`,
        );
        return failed.length === 0 ? EXIT.ok : EXIT.problems;
      }),
    );
}
