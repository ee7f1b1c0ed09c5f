import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../cli/run-cli.js";
import { RECIPE_NAMES } from "./recipe-names.js";

/** The guides and recipe READMEs whose commands must work as shown. */
const PAGES = [
  "docs/writing-rules.md",
  "docs/templates.md",
  "docs/hooks.md",
  "docs/deploying.md",
  ...RECIPE_NAMES.map((name) => `recipes/${name}/README.md`),
];

/** Commands that run until stopped, need credentials, or create files: shown, not run here. */
const NOT_RUN = new Set(["dev", "run", "start", "init"]);

/** The `npx crisp-plugin ...` lines of a page's ```sh blocks, without their trailing comments. */
function shellCommands(page: string): string[][] {
  const text = readFileSync(join(REPO_ROOT, page), "utf8");
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.startsWith("npx crisp-plugin "))
    .map((line) => line.split(/\s+/).slice(2));
}

describe.each(PAGES)("the commands of %s", (page) => {
  const commands = shellCommands(page).filter((argv) => !NOT_RUN.has(argv[0] ?? ""));

  it.each(commands.map((argv) => [argv.join(" "), argv] as const))("crisp-plugin %s exits 0", async (_, argv) => {
    const run = await runCli(argv);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
