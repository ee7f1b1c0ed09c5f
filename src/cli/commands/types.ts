import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { pluginTypesFile, pluginTypesSource } from "../../core/hooks/plugin-types-source.js";
import { isPlain } from "../../core/manifest/walk-rules.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";
import { loadOrReport } from "../load-or-report.js";

const HELP = `
Writes PLUGIN.types.d.ts next to the manifest (plugin.types.d.ts for plugin.yaml): a declaration of
the settings (from the settings schema, with no other key), the events the rules listen to, and, per
hook, the events of the rules that run it. A tsconfig.json that includes it (the one init writes
does) types ctx.settings and ctx.data in defineHooks. validate warns when it is stale.
`;

/** `crisp-plugin types [manifest]`. */
export function registerTypes(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("types")
    .description("write a .d.ts of the settings and events next to the manifest, for TypeScript hooks")
    .argument("[manifest]", "path of the manifest", "plugin.yaml")
    .addHelpText("after", HELP)
    .action(
      exitWith(exit, async (manifest: string) => {
        const result = await loadOrReport(io, manifest);
        if ("exit" in result) return result.exit;
        const path = resolve(io.cwd, manifest);
        const data: unknown = parseYaml(readFileSync(path, "utf8"));
        if (!isPlain(data)) return EXIT.problems;
        const target = pluginTypesFile(path);
        await writeFile(target, pluginTypesSource(data, path));
        io.stdout(`wrote ${basename(target)}\n`);
        return EXIT.ok;
      }),
    );
}
