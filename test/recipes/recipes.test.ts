import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../../src/core/manifest/load-manifest.js";
import type { Manifest } from "../../src/core/manifest/manifest.js";
import { listRecipes } from "../../src/devkit/recipes/list-recipes.js";
import { runManifestTests } from "../../src/devkit/testing/run-manifest-tests.js";
import { REPO_ROOT, runCli } from "../cli/run-cli.js";
import { RECIPE_NAMES, recipeDirectory, recipeManifest } from "./recipe-names.js";

/** Loads a recipe's manifest, failing the test when it has any problem at all. */
async function loadRecipe(name: string): Promise<Manifest> {
  const loaded = await loadManifest(recipeManifest(name), { cwd: REPO_ROOT });
  expect(loaded.problems).toEqual([]);
  if (loaded.manifest === undefined) throw new Error(`${name} did not load`);
  return loaded.manifest;
}

describe("recipes/", () => {
  it("holds the recipes, each with a one-line summary", async () => {
    const recipes = await listRecipes();
    expect(recipes.map((recipe) => recipe.name)).toEqual([...RECIPE_NAMES]);
    for (const recipe of recipes) expect(recipe.summary).toMatch(/^[A-Z].{20,150}\.$/);
  });
});

describe.each(RECIPE_NAMES)("recipe %s", (name) => {
  it("validates with no problem at all, not even a warning", async () => {
    const run = await runCli(["validate", recipeManifest(name)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("warning");
  });

  it("passes the Marketplace submission checklist", async () => {
    const run = await runCli(["check", "--submission", recipeManifest(name)]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/ready for submission\n$/);
  });

  it("exports its scopes as JSON, each with a justification", async () => {
    const run = await runCli(["scopes", "--format", "json", recipeManifest(name)]);
    expect(run.code).toBe(0);
    const { scopes } = JSON.parse(run.stdout) as { scopes: { scope: string; access: string[]; why?: string }[] };
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(scope.why?.length ?? 0, scope.scope).toBeGreaterThan(20);
  });

  it("passes its own tests", async () => {
    const manifest = await loadRecipe(name);
    const results = await runManifestTests(manifest);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results).toHaveLength(manifest.tests.length);
  });

  it("tests every rule by name, and has an event where nothing may run", async () => {
    const manifest = await loadRecipe(name);
    const expectations = manifest.tests.flatMap((test) => test.events.flatMap((event) => event.expect ?? []));
    const named = new Set(expectations.map((expectation) => expectation.rule));
    for (const rule of manifest.rules) expect(named.has(rule.id), `rule ${rule.id} is named by a test`).toBe(true);
    const quiet = manifest.tests.flatMap((test) => test.events).filter((event) => event.expect?.length === 0);
    expect(quiet.length).toBeGreaterThan(0);
  });

  it("describes its settings with a title, a description and a default, and documents them in README.md", async () => {
    const manifest = await loadRecipe(name);
    const properties = (manifest.settings.properties ?? {}) as Record<string, Record<string, unknown>>;
    const readme = readFileSync(join(recipeDirectory(name), "README.md"), "utf8");
    for (const [key, property] of Object.entries(properties)) {
      expect(property.title, key).toBeTypeOf("string");
      expect(property.description, key).toBeTypeOf("string");
      // A Slack webhook URL and a shop's API key have no sensible default: the website must set them.
      if (key !== "webhook_url" && key !== "shop_api_key") expect(property, key).toHaveProperty("default");
      expect(readme, key).toContain(`\`${key}\``);
    }
  });

  it("has a README that says how to try it with commands that name its manifest", () => {
    const readme = readFileSync(join(recipeDirectory(name), "README.md"), "utf8");
    expect(readme).toContain("From the crisp-plugin-kit folder, after `npm run build`:\n\n```sh\n");
    for (const command of ["validate", "test", "dev"]) {
      expect(readme).toContain(`npx crisp-plugin ${command} recipes/${name}/plugin.yaml`);
    }
  });

  it("points its schema modeline at the repository's schema", () => {
    const text = readFileSync(join(recipeDirectory(name), "plugin.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../../schema/plugin.schema.json");
  });
});
