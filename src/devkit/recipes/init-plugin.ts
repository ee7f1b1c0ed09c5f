import { cp, copyFile, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { parseDocument } from "yaml";
import { findSchemaReference, type SchemaReference } from "./find-schema-reference.js";
import { listRecipes, RECIPES_DIRECTORY, type RecipeSummary } from "./list-recipes.js";
import { PACKAGE_NAME } from "./package-name.js";
import { PACKAGE_ROOT } from "./package-root.js";
import { readLogo, rewriteManifest } from "./rewrite-manifest.js";
import { chooseKitDependency, writeProjectFiles, type KitDependency } from "./write-project-files.js";

/** The recipe `crisp-plugin init` copies when given none. */
export const DEFAULT_RECIPE = "after-hours";

/** What {@link initPlugin} needs; the directories default to this package's own. */
export interface InitOptions {
  /** The recipe's folder name, such as `after-hours`. */
  readonly recipe: string;
  /** The new plugin folder, absolute. It must not exist yet, or be empty. */
  readonly target: string;
  readonly recipesDirectory?: string;
  readonly packageRoot?: string;
  /** package.json's dependency on the kit; by default this copy of the kit (see {@link chooseKitDependency}). */
  readonly kit?: string;
}

/** What {@link initPlugin} did, or why it did nothing. */
export type InitOutcome =
  | {
      readonly ok: true;
      readonly recipe: RecipeSummary;
      readonly target: string;
      /** The files created, relative to the target, sorted. */
      readonly files: readonly string[];
      /** Where the new plugin.yaml's modeline points. */
      readonly schema: SchemaReference;
      /**
       * Whether crisp-plugin-kit was installed for the folder before `init` (in a `node_modules`
       * above it, or the folder is inside the package): then `npx crisp-plugin` runs there.
       */
      readonly kitInstalled: boolean;
      /** Set when `node_modules/crisp-plugin-kit` was linked so that the recipe's hooks resolve. */
      readonly linkedKit?: string;
      /** How package.json depends on the kit. */
      readonly kit: KitDependency;
    }
  | { readonly ok: false; readonly reason: "unknown-recipe"; readonly recipes: readonly RecipeSummary[] }
  | { readonly ok: false; readonly reason: "not-empty"; readonly target: string };

/**
 * Creates a plugin folder from a recipe: copies the recipe's files (plugin.yaml, README.md, hooks),
 * writes package.json (the kit as a dependency), tsconfig.json and .gitignore,
 * copies a logo that lives outside the recipe folder next to plugin.yaml, points the schema
 * modeline at the installed package's schema (see {@link findSchemaReference}), and adapts the
 * README's commands to the new folder. When the recipe has hooks and crisp-plugin-kit cannot be
 * resolved from the folder, `node_modules/crisp-plugin-kit` is linked to this installation (as
 * `npm link` would), so that `import { defineHooks } from "crisp-plugin-kit"` loads.
 * Refuses, without touching anything, an unknown recipe or a target that exists and is not an
 * empty folder. File system errors reject as they are.
 */
export async function initPlugin(options: InitOptions): Promise<InitOutcome> {
  const recipes = await listRecipes(options.recipesDirectory ?? RECIPES_DIRECTORY);
  const recipe = recipes.find((candidate) => candidate.name === options.recipe);
  if (recipe === undefined) return { ok: false, reason: "unknown-recipe", recipes };
  const { target } = options;
  if (!(await isEmptyOrMissing(target))) return { ok: false, reason: "not-empty", target };
  const packageRoot = options.packageRoot ?? PACKAGE_ROOT;
  await mkdir(target, { recursive: true });
  await cp(recipe.directory, target, { recursive: true });
  const text = await readFile(join(recipe.directory, "plugin.yaml"), "utf8");
  const logo = await copyOutsideLogo(recipe.directory, target, readLogo(text));
  const kitInstalled = findSchemaReference(target, packageRoot).installed;
  const linkedKit = hasHooks(text) && !kitInstalled ? await linkKit(target, packageRoot) : undefined;
  const schema = findSchemaReference(target, packageRoot);
  await writeFile(
    join(target, "plugin.yaml"),
    rewriteManifest(text, { schema: schema.path, ...(logo === undefined ? {} : { logo }) }),
  );
  await adaptReadme(target, recipe.name);
  const kit = chooseKitDependency(packageRoot, options.kit);
  await writeProjectFiles(target, { kit, packageRoot });
  const files = await listFiles(target);
  const linked = linkedKit === undefined ? {} : { linkedKit };
  return { ok: true, recipe, target, files, schema, kitInstalled, kit, ...linked };
}

async function isEmptyOrMissing(directory: string): Promise<boolean> {
  try {
    if (!(await stat(directory)).isDirectory()) return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return true;
    throw error;
  }
  return (await readdir(directory)).length === 0;
}

/**
 * Recipes may point at a logo outside their folder (`../../assets/logo.png`), which would not
 * exist next to the copy: the file is copied in, and the new path is returned.
 */
async function copyOutsideLogo(
  recipeDirectory: string,
  target: string,
  logo: string | undefined,
): Promise<string | undefined> {
  if (logo === undefined || isAbsolute(logo) || /^[a-z]+:/i.test(logo)) return undefined;
  const source = resolve(recipeDirectory, logo);
  if (!relative(recipeDirectory, source).startsWith("..")) return undefined;
  await copyFile(source, join(target, basename(source)));
  return `./${basename(source)}`;
}

function hasHooks(text: string): boolean {
  return typeof parseDocument(text).get("hooks") === "string";
}

async function linkKit(target: string, packageRoot: string): Promise<string> {
  const link = join(target, "node_modules", PACKAGE_NAME);
  await mkdir(join(target, "node_modules"), { recursive: true });
  // "junction" lets Windows create the link without administrator rights; elsewhere it is ignored.
  await symlink(packageRoot, link, "junction");
  return link;
}

/** How a recipe's README introduces its commands, run from the repository. */
const README_COMMANDS_INTRO = "From the crisp-plugin-kit folder, after `npm run build`:";

/**
 * The README's commands run from the repository and name `recipes/<name>/plugin.yaml`; in the new
 * folder they run from there, on `plugin.yaml`.
 */
async function adaptReadme(target: string, recipe: string): Promise<void> {
  const readme = join(target, "README.md");
  let text: string;
  try {
    text = await readFile(readme, "utf8");
  } catch {
    return;
  }
  const adapted = text.replaceAll(README_COMMANDS_INTRO, "From this folder:").replaceAll(`recipes/${recipe}/`, "");
  await writeFile(readme, adapted);
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.name !== "node_modules")
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
}
