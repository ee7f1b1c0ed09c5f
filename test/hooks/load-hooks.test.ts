import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KitError } from "../../src/core/errors/kit-error.js";
import { loadHooks } from "../../src/core/hooks/load-hooks.js";
import { createTempDir, type TempDir } from "../engine/engine-harness.js";

const TEAM_HOOKS = fileURLToPath(new URL("../fixtures/engine/hooks/team-hooks.ts", import.meta.url));

let dir: TempDir;

beforeEach(async () => {
  dir = await createTempDir("crisp-hooks-");
});
afterEach(async () => {
  await dir.remove();
});

async function loadError(path: string): Promise<KitError> {
  const error = await loadHooks(path).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof KitError)) throw new Error(`expected loadHooks to fail with a KitError, got ${String(error)}`);
  return error;
}

describe("loadHooks", () => {
  it("loads a TypeScript hooks file, with its imports and types, without a build step", async () => {
    const hooks = await loadHooks(TEAM_HOOKS);

    expect(Object.keys(hooks.definitions)).toEqual([
      "lookupPlan",
      "explode",
      "hang",
      "tagConversation",
      "resolveQuietly",
    ]);
    expect([...hooks.runner.names]).toEqual(Object.keys(hooks.definitions));
    expect(hooks.definitions.tagConversation?.scopes).toEqual(["website:conversation:sessions write"]);
    expect(hooks.definitions.hang?.timeout_ms).toBe(50);
  });

  it("accepts a plain object as the default export, without defineHooks", async () => {
    const file = await dir.write("hooks.ts", "export default { ping: { run: (): string => 'pong' } };\n");

    const hooks = await loadHooks(file);

    expect([...hooks.runner.names]).toEqual(["ping"]);
  });

  it("sees the file as it is now when loaded again after an edit (no stale module cache)", async () => {
    const file = await dir.write("hooks.ts", "export default { version: { run: (): number => 1 } };\n");
    const before = await loadHooks(file);

    await dir.write("hooks.ts", "export default { version: { run: (): number => 2 }, added: { run: () => 0 } };\n");
    const after = await loadHooks(file);

    expect(before.definitions.version?.run({} as never, undefined as never)).toBe(1);
    expect(after.definitions.version?.run({} as never, undefined as never)).toBe(2);
    expect([...after.runner.names]).toEqual(["version", "added"]);
  });

  // BUG: jiti imports `.mjs` files natively, through Node's ESM cache, whatever `moduleCache:
  // false` says: a JavaScript hooks module edited on disk keeps its old behaviour until restart.
  it("sees an edited JavaScript (.mjs) hooks file as it is now when loaded again", async () => {
    const file = await dir.write("hooks.mjs", "export default { version: { run: () => 1 } };\n");
    await loadHooks(file);

    await dir.write("hooks.mjs", "export default { version: { run: () => 2 } };\n");
    const after = await loadHooks(file);

    expect(after.definitions.version?.run({} as never, undefined as never)).toBe(2);
  });

  it("fails with HOOK_FAILED, saying why, when the module throws as it loads", async () => {
    const file = await dir.write("hooks.ts", 'throw new Error("boom at load time");\nexport default {};\n');

    const error = await loadError(file);

    expect(error.code).toBe("HOOK_FAILED");
    expect(error.message).toBe(`hooks ${file} failed to load: boom at load time`);
  });

  it("fails with HOOK_FAILED when the module does not compile", async () => {
    const file = await dir.write("hooks.ts", "export default { broken: { run( => 1 } };\n");

    expect((await loadError(file)).code).toBe("HOOK_FAILED");
  });

  it.each([
    ["a number", "export default 42;", "the default export is not an object"],
    ["a function", "export default function hooks() { return 1; }", "the default export is not an object"],
    ["a string", 'export default "hooks";', "the default export is not an object"],
    ["a hook without run", "export default { notify: { scopes: [] } };", 'hook "notify" has no run function'],
    ["a hook that is not an object", "export default { notify: 1 };", 'hook "notify" has no run function'],
  ])("fails with HOOK_FAILED when the default export is %s", async (_case, source, why) => {
    const file = await dir.write("hooks.ts", `${source}\n`);

    const error = await loadError(file);

    expect(error.code).toBe("HOOK_FAILED");
    expect(error.message).toBe(
      `hooks ${file}: ${why}; export default defineHooks({ name: { run(ctx, params) {...} } })`,
    );
  });

  // BUG: asDefinitions only checks `typeof value === "object"`, so a list passes and its items
  // become hooks named "0", "1"...
  it("fails with HOOK_FAILED when the default export is a list", async () => {
    const file = await dir.write("hooks.ts", "export default [{ run: () => 1 }];\n");

    expect((await loadError(file)).code).toBe("HOOK_FAILED");
  });

  // BUG: with no default export, jiti's interop hands back the module namespace, and its named
  // exports are taken as hooks, although the module has no `export default defineHooks(...)`.
  it("fails with HOOK_FAILED when the module has no default export", async () => {
    const file = await dir.write("hooks.ts", "export const notify = { run: () => 1 };\n");

    expect((await loadError(file)).code).toBe("HOOK_FAILED");
  });

  // BUG: `export default null` fails, but as "failed to load: Cannot read properties of null
  // (reading 'then')" (jiti's interop), which hides the actual mistake.
  it("says the default export is not an object when it is null", async () => {
    const file = await dir.write("hooks.ts", "export default null;\n");

    const error = await loadError(file);

    expect(error.message).toContain("the default export is not an object");
  });
});
