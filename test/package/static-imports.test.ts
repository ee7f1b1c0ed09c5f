import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/run-cli.js";

const DIST = join(REPO_ROOT, "dist");

/**
 * What loading `entry` (a module of dist/) loads before any of its code runs: the modules of dist/
 * and the packages its `import ... from` and `export ... from` lines name, followed transitively.
 * Dynamic `import()` is what loads a module later, on demand: it is left out.
 */
function staticallyLoaded(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    const name = relative(DIST, file).split("\\").join("/");
    if (modules.has(name)) return;
    modules.add(name);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s)?\s*"([^"]+)";?$/gms)) {
      const specifier = match[1] ?? "";
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else if (!specifier.startsWith("node:"))
        packages.add(
          specifier
            .split("/")
            .slice(0, specifier.startsWith("@") ? 2 : 1)
            .join("/"),
        );
    }
  };
  visit(join(DIST, entry));
  return { modules, packages };
}

// dist/ is built from src/ by the suite's global set-up. socket.io is an optional dependency that only
// the simulator uses, loaded when one starts; ioredis is loaded when the Redis store is chosen.
describe("what loading each entry loads at once", () => {
  it.each(["cli/main.js", "index.js", "entry-runtime.js", "entry-simulator.js"])(
    "%s loads neither socket.io nor ioredis",
    (entry) => {
      const { packages } = staticallyLoaded(entry);

      expect([...packages].filter((name) => name === "socket.io" || name === "ioredis")).toEqual([]);
    },
  );

  it("the CLI loads neither the simulator nor the dev session until `dev` runs", () => {
    const { modules } = staticallyLoaded("cli/main.js");

    expect(modules).toContain("runtime/run/start-runtime.js");
    expect(
      [...modules].filter((name) => name.startsWith("devkit/simulator/") || name.startsWith("devkit/dev/start-dev")),
    ).toEqual([]);
  });

  it("crisp-plugin-kit, what hooks import, loads no package at all", () => {
    expect([...staticallyLoaded("index.js").packages]).toEqual([]);
  });
});
