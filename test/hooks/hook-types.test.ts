import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { linesOf, REPO_ROOT, runCli } from "../cli/run-cli.js";

const FIXTURE = join(REPO_ROOT, "test", "fixtures", "hook-types");
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

let workspace: string | undefined;
afterEach(async () => {
  if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
  workspace = undefined;
});

describe("typed hooks", () => {
  it("crisp-plugin types writes plugin.types.d.ts next to the manifest, as committed in the fixture", async () => {
    const committed = await readFile(join(FIXTURE, "plugin.types.d.ts"), "utf8");

    const run = await runCli(["types", join(FIXTURE, "plugin.yaml")]);

    expect(run).toMatchObject({ code: 0, stdout: "wrote plugin.types.d.ts\n" });
    expect(await readFile(join(FIXTURE, "plugin.types.d.ts"), "utf8")).toBe(committed);
    expect(committed).toContain('"priority": { events: "message:send" };');
    expect(committed).toContain('"onState": { events: "session:set_segments" | "session:set_state" };');
  });

  // The assertions are in test/fixtures/hook-types/hooks.ts (expectTypeOf, @ts-expect-error):
  // ctx.data.user.nickname is string | undefined for a message:send hook, a settings key not in
  // the schema is an error, params come from the hook's schema and a disagreeing annotation fails.
  // It imports crisp-plugin-kit's built types: run `npm run build` first.
  it("type-checks the fixture's hooks against the kit's types and the generated .d.ts", async () => {
    const result = await promisify(execFile)(process.execPath, [TSC, "-p", FIXTURE]).catch(
      (error: unknown) => error as { stdout: string; code: number },
    );

    expect(result.stdout).toBe("");
  }, 60_000);

  it("validate warns when plugin.types.d.ts no longer matches the manifest", async () => {
    workspace = await mkdtemp(join(tmpdir(), "crisp-plugin-types-"));
    await copyFile(join(FIXTURE, "plugin.yaml"), join(workspace, "plugin.yaml"));
    await writeFile(
      join(workspace, "hooks.ts"),
      "export default { priority: { run: () => 1 }, onState: { run: () => 1 } };\n",
    );
    expect(await runCli(["types"], workspace)).toMatchObject({ code: 0 });
    expect((await runCli(["validate"], workspace)).stderr).toBe("");

    const manifest = await readFile(join(workspace, "plugin.yaml"), "utf8");
    await writeFile(
      join(workspace, "plugin.yaml"),
      manifest.replace("limit: { type: integer }", "limit: { type: string }"),
    );
    const run = await runCli(["validate"], workspace);

    expect(run.code).toBe(0);
    expect(linesOf(run.stderr)).toEqual([
      expect.stringMatching(
        /^plugin\.yaml:\d+:\d+: TYPES_STALE warning: plugin\.types\.d\.ts no longer matches the manifest \(settings, events or hooks changed\); run crisp-plugin types$/,
      ),
    ]);
  });
});
