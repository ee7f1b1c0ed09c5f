import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linesOf, REPO_ROOT, runCli } from "../cli/run-cli.js";
import { RECIPE_NAMES } from "./recipe-names.js";

const SCHEMA = join(REPO_ROOT, "schema", "plugin.schema.json");

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "crisp-plugin-init-"));
});
afterEach(() => {
  rmSync(workspace, { recursive: true, force: true });
});

/** The target of the `$schema` modeline on the first line of a plugin.yaml. */
function modelineOf(directory: string): string {
  const first = readFileSync(join(directory, "plugin.yaml"), "utf8").split("\n")[0] ?? "";
  return first.replace("# yaml-language-server: $schema=", "");
}

describe("crisp-plugin init", () => {
  it("creates ./my-crisp-plugin from the after-hours recipe by default, and prints the next steps", async () => {
    const run = await runCli(["init"], workspace);

    expect(run).toMatchObject({ code: 0, stderr: "" });
    const target = join(workspace, "my-crisp-plugin");
    const files = [".gitignore", "README.md", "logo.png", "package.json", "plugin.yaml", "tsconfig.json"];
    expect(readdirSync(target).sort()).toEqual(files);
    expect(readFileSync(join(target, "plugin.yaml"), "utf8")).toContain("urn:northwind-apps:after-hours:0");
    expect(linesOf(run.stdout)[0]).toBe(`Created my-crisp-plugin from the after-hours recipe: ${files.join(", ")}`);
    expect(run.stdout).toContain("  cd my-crisp-plugin\n");
    for (const command of ["npm install", "npm run validate", "npm test", "npm run dev"])
      expect(run.stdout).toContain(`\n  ${command} `);
  });

  it("makes an npm project that depends on this copy of the kit with file:, and says why", async () => {
    const run = await runCli(["init", "My Plugin"], workspace);

    const pkg = JSON.parse(readFileSync(join(workspace, "My Plugin", "package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(pkg).toMatchObject({
      name: "my-plugin",
      private: true,
      type: "module",
      scripts: {
        dev: "crisp-plugin dev",
        test: "crisp-plugin test",
        validate: "crisp-plugin validate",
        start: "crisp-plugin start",
      },
      dependencies: { "crisp-plugin-kit": `file:${REPO_ROOT.replace(/\/$/, "")}` },
    });
    expect(Object.keys(pkg.devDependencies as object).sort()).toEqual(["@types/node", "typescript"]);
    expect(run.stdout).toContain(
      `Its package.json depends on crisp-plugin-kit as file:${REPO_ROOT.replace(/\/$/, "")}: the copy of the kit that ran init (crisp-plugin-kit is not on the npm registry; npm install links it).`,
    );
    expect(readFileSync(join(workspace, "My Plugin", ".gitignore"), "utf8")).toContain("node_modules/");
  });

  it("writes the dependency given with --kit, a tarball for instance", async () => {
    await runCli(["init", "p", "--kit", "../crisp-plugin-kit-0.1.0.tgz"], workspace);

    const pkg = JSON.parse(readFileSync(join(workspace, "p", "package.json"), "utf8")) as { dependencies: unknown };
    expect(pkg.dependencies).toEqual({ "crisp-plugin-kit": "../crisp-plugin-kit-0.1.0.tgz" });
  });

  it.each(RECIPE_NAMES)(
    "makes a folder from %s that validates, passes its tests and the checklist at once",
    async (name) => {
      const created = await runCli(["init", name, "--recipe", name], workspace);
      expect(created).toMatchObject({ code: 0, stderr: "" });
      const target = join(workspace, name);

      expect(await runCli(["validate"], target)).toMatchObject({ code: 0, stderr: "" });
      expect(await runCli(["test"], target)).toMatchObject({ code: 0, stderr: "" });
      expect(await runCli(["check", "--submission"], target)).toMatchObject({ code: 0, stderr: "" });
      const readme = readFileSync(join(target, "README.md"), "utf8");
      expect(readme).toContain("From this folder:\n\n```sh\n");
      expect(readme).toContain("npx crisp-plugin test plugin.yaml");
      expect(readme).not.toContain(`recipes/${name}/`);
    },
  );

  it("points the modeline at this installation's schema, by absolute path, outside a project", async () => {
    await runCli(["init", "plugin"], workspace);

    expect(modelineOf(join(workspace, "plugin"))).toBe(SCHEMA);
    expect(existsSync(modelineOf(join(workspace, "plugin")))).toBe(true);
  });

  it("links node_modules/crisp-plugin-kit outside a project when the recipe has hooks, so they load", async () => {
    const run = await runCli(["init", "router", "--recipe", "keyword-router"], workspace);

    const target = join(workspace, "router");
    expect(lstatSync(join(target, "node_modules", "crisp-plugin-kit")).isSymbolicLink()).toBe(true);
    expect(modelineOf(target)).toBe("node_modules/crisp-plugin-kit/schema/plugin.schema.json");
    expect(existsSync(join(target, modelineOf(target)))).toBe(true);
    expect(run.stdout).toContain("Its hooks import crisp-plugin-kit: linked");
  });

  it("uses the project's node_modules/crisp-plugin-kit by relative path inside a project, and links nothing", async () => {
    const project = join(workspace, "project");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(REPO_ROOT, join(project, "node_modules", "crisp-plugin-kit"), "junction");

    const run = await runCli(["init", "plugins/router", "--recipe", "keyword-router"], project);

    const target = join(project, "plugins", "router");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(modelineOf(target)).toBe("../../node_modules/crisp-plugin-kit/schema/plugin.schema.json");
    expect(existsSync(join(target, "node_modules"))).toBe(false);
    expect(run.stdout).toContain("  npm run validate ");
    expect(await runCli(["validate"], target)).toMatchObject({ code: 0, stderr: "" });
  });

  it("refuses a folder that is not empty, with exit 2, and leaves it as it was", async () => {
    const target = join(workspace, "existing");
    mkdirSync(target);
    writeFileSync(join(target, "notes.txt"), "keep me");

    const run = await runCli(["init", "existing"], workspace);

    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "crisp-plugin init: existing exists and is not an empty folder; name a new folder (crisp-plugin init <dir>), or empty this one\n",
    });
    expect(readdirSync(target)).toEqual(["notes.txt"]);
    expect(readFileSync(join(target, "notes.txt"), "utf8")).toBe("keep me");
  });

  it("refuses a path that is a file, and accepts an empty folder", async () => {
    writeFileSync(join(workspace, "plugin.yaml"), "version: 1\n");
    mkdirSync(join(workspace, "empty"));

    expect((await runCli(["init", "plugin.yaml"], workspace)).code).toBe(2);
    expect(await runCli(["init", "empty"], workspace)).toMatchObject({ code: 0, stderr: "" });
    expect(existsSync(join(workspace, "empty", "plugin.yaml"))).toBe(true);
  });

  it("lists the known recipes when --recipe names an unknown one, with exit 2, and creates nothing", async () => {
    const run = await runCli(["init", "bot", "--recipe", "chatbot"], workspace);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const [first, ...recipes] = linesOf(run.stderr);
    expect(first).toBe('crisp-plugin init: there is no recipe named "chatbot". The recipes are:');
    expect(recipes.map((line) => line.trim().split(/\s+/)[0])).toEqual([...RECIPE_NAMES]);
    expect(existsSync(resolve(workspace, "bot"))).toBe(false);
  });

  it("lists every recipe with its summary with --list, and creates nothing", async () => {
    const run = await runCli(["init", "--list"], workspace);

    expect(run).toMatchObject({ code: 0, stderr: "" });
    const lines = linesOf(run.stdout);
    expect(lines).toHaveLength(RECIPE_NAMES.length);
    expect(lines[0]).toBe(
      "  after-hours           Replies to visitors who write outside your business hours and tags their conversations.",
    );
    expect(readdirSync(workspace)).toEqual([]);
  });
});
