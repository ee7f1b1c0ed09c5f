import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "./package-root.js";

/** Where the recipes shipped with this package live. */
export const RECIPES_DIRECTORY = join(PACKAGE_ROOT, "recipes");

/** A recipe, as `crisp-plugin init --list` shows it. */
export interface RecipeSummary {
  /** The folder name, used as `--recipe NAME`. */
  readonly name: string;
  /** The folder holding its plugin.yaml. */
  readonly directory: string;
  /** Its `plugin.listing.summary`, or "" when it has none. */
  readonly summary: string;
}

/**
 * The recipes of a directory, sorted by name: every sub-folder that holds a `plugin.yaml`, with the
 * one-line summary of its Marketplace listing.
 */
export async function listRecipes(directory: string = RECIPES_DIRECTORY): Promise<RecipeSummary[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const recipes: RecipeSummary[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const recipeDirectory = join(directory, entry.name);
    const text = await readManifest(recipeDirectory);
    if (text === undefined) continue;
    recipes.push({ name: entry.name, directory: recipeDirectory, summary: readSummary(text) });
  }
  return recipes.sort((a, b) => a.name.localeCompare(b.name));
}

async function readManifest(directory: string): Promise<string | undefined> {
  try {
    return await readFile(join(directory, "plugin.yaml"), "utf8");
  } catch {
    return undefined;
  }
}

function readSummary(text: string): string {
  try {
    const data = parse(text) as { plugin?: { listing?: { summary?: unknown } } } | null;
    const summary = data?.plugin?.listing?.summary;
    return typeof summary === "string" ? summary : "";
  } catch {
    return "";
  }
}
