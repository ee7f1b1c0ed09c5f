import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../cli/run-cli.js";
import { findUnexportedTypes } from "./find-unexported-types.js";

interface PackageJson {
  exports: Record<string, string | { types?: string }>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
}

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as PackageJson;
const DIST = join(REPO_ROOT, "dist");

/** Each entry of package.json `exports` with types, as its declaration file under dist/. */
const ENTRIES = Object.fromEntries(
  Object.entries(PACKAGE.exports).flatMap(([entry, target]) =>
    typeof target === "object" && target.types !== undefined ? [[entry, target.types.replace(/^\.\/dist\//, "")]] : [],
  ),
);

// dist/ is built from src/ by the suite's global set-up (test/support/build-once.ts): these are the
// declarations a user's editor reads, as they are now.
describe("the public types of the package entries", () => {
  const reports = findUnexportedTypes(DIST, Object.values(ENTRIES));

  it("checks the three entries of package.json", () => {
    expect(ENTRIES).toEqual({
      ".": "index.d.ts",
      "./runtime": "entry-runtime.d.ts",
      "./simulator": "entry-simulator.d.ts",
    });
  });

  it.each(Object.entries(ENTRIES))("%s exports every type its public signatures reach", (_entry, file) => {
    expect(reports.get(file)?.unexported).toEqual([]);
  });

  // socket.io and ioredis are optional: a signature of these entries naming their types would break
  // the type check of a plugin installed without them.
  it.each([".", "./runtime"])("%s reaches only the types of required dependencies and Node", (entry) => {
    const packages = [...(reports.get(ENTRIES[entry] ?? "")?.packages.keys() ?? [])];
    expect(packages.filter((name) => name !== "node" && !(name in PACKAGE.dependencies))).toEqual([]);
  });

  it("./simulator reaches only the types of dependencies, optional ones included, and Node", () => {
    const packages = [...(reports.get(ENTRIES["./simulator"] ?? "")?.packages.keys() ?? [])];
    const allowed = new Set([
      "node",
      ...Object.keys(PACKAGE.dependencies),
      ...Object.keys(PACKAGE.optionalDependencies),
    ]);
    expect(packages.filter((name) => !allowed.has(name))).toEqual([]);
  });

  it("reports a type a public signature reaches that the entry does not export, with the way there", () => {
    const fixture = findUnexportedTypes(join(REPO_ROOT, "test", "fixtures", "public-types"), ["entry.d.ts"]);

    expect(fixture.get("entry.d.ts")?.unexported).toEqual([
      "entry.d.ts: Shown → Hidden (hidden.d.ts)",
      "entry.d.ts: Shown → Hidden → Inner (hidden.d.ts)",
    ]);
  });
});
