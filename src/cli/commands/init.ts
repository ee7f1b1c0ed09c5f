import type { Command } from "commander";
import { relative, resolve } from "node:path";
import { DEFAULT_RECIPE, initPlugin, type InitOutcome } from "../../devkit/recipes/init-plugin.js";
import { listRecipes, type RecipeSummary } from "../../devkit/recipes/list-recipes.js";
import { PACKAGE_ROOT } from "../../devkit/recipes/package-root.js";
import { EXIT, exitWith, type CliIo } from "../cli-io.js";

/** The folder `init` creates when given none. */
export const DEFAULT_PLUGIN_DIRECTORY = "my-crisp-plugin";

interface InitCommandOptions {
  recipe: string;
  list?: boolean;
  kit?: string;
}

/** `crisp-plugin init [dir] [--recipe NAME] [--list]`. */
export function registerInit(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command("init")
    .description("create a plugin folder from a recipe (crisp-plugin init --list shows them)")
    .argument("[dir]", "the new plugin folder; must not exist, or be empty", DEFAULT_PLUGIN_DIRECTORY)
    .option("--recipe <name>", "the recipe to start from", DEFAULT_RECIPE)
    .option("--list", "list the recipes with their summary, and create nothing")
    .option(
      "--kit <spec>",
      "package.json's dependency on crisp-plugin-kit (a tarball made with npm pack, a path, a version); default: file: this copy of the kit",
    )
    .action(
      exitWith(exit, async (dir: string, options: InitCommandOptions) => {
        if (options.list) {
          io.stdout(formatRecipes(await listRecipes()));
          return EXIT.ok;
        }
        const target = resolve(io.cwd, dir);
        let outcome: InitOutcome;
        try {
          const kit = options.kit === undefined ? {} : { kit: options.kit };
          outcome = await initPlugin({ recipe: options.recipe, target, ...kit });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          io.stderr(`crisp-plugin init: cannot create ${dir}: ${code}\n`);
          return EXIT.usage;
        }
        return report(io, dir, options.recipe, outcome);
      }),
    );
}

function report(io: CliIo, dir: string, recipe: string, outcome: InitOutcome): number {
  if (!outcome.ok && outcome.reason === "unknown-recipe") {
    io.stderr(`crisp-plugin init: there is no recipe named "${recipe}". The recipes are:\n`);
    io.stderr(formatRecipes(outcome.recipes));
    return EXIT.usage;
  }
  if (!outcome.ok) {
    io.stderr(
      `crisp-plugin init: ${dir} exists and is not an empty folder; name a new folder (crisp-plugin init <dir>), or empty this one\n`,
    );
    return EXIT.usage;
  }
  io.stdout(formatCreated(io, dir, outcome));
  return EXIT.ok;
}

/** One line per recipe: its name, padded, then its summary. */
function formatRecipes(recipes: readonly RecipeSummary[]): string {
  const width = Math.max(0, ...recipes.map((recipe) => recipe.name.length));
  return recipes.map((recipe) => `  ${recipe.name.padEnd(width)}  ${recipe.summary}\n`).join("");
}

function formatCreated(io: CliIo, dir: string, outcome: Extract<InitOutcome, { ok: true }>): string {
  const lines = [
    `Created ${dir} from the ${outcome.recipe.name} recipe: ${outcome.files.join(", ")}`,
    `Its plugin.yaml points editors at the schema ${outcome.schema.path}`,
    `Its package.json depends on crisp-plugin-kit as ${outcome.kit.spec}: ${outcome.kit.why}.`,
    "To share the project, make a tarball in the kit's folder (npm pack) and run npm install /path/to/crisp-plugin-kit-VERSION.tgz in it.",
  ];
  if (outcome.linkedKit !== undefined) {
    lines.push(
      `Its hooks import crisp-plugin-kit: linked ${relative(io.cwd, outcome.linkedKit)} to ${PACKAGE_ROOT} until npm install.`,
    );
  }
  lines.push(
    "",
    "Next steps:",
    `  cd ${relative(io.cwd, outcome.target) || "."}`,
    "  npm install          # the kit (linked, no registry needed for it) and TypeScript",
    "  npm run validate     # check plugin.yaml",
    "  npm test             # run the tests: at the end of plugin.yaml",
    "  npx tsc --noEmit     # type-check the hooks, if any",
    "  npm run dev          # run it against the built-in Crisp simulator",
    "Then read README.md: what the plugin does, its settings and its scopes.",
  );
  return `${lines.join("\n")}\n`;
}
