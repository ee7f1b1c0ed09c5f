import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { PACKAGE_NAME } from "./package-name.js";

/** How the new project depends on crisp-plugin-kit, and why. */
export interface KitDependency {
  /** What package.json says: `file:/path/to/crisp-plugin-kit`, a tarball path, or a version range. */
  readonly spec: string;
  /** One sentence for `init`'s output: where the kit comes from. */
  readonly why: string;
}

/**
 * The dependency on the kit `init` writes, unless `--kit` says otherwise. crisp-plugin-kit is not
 * on the npm registry: the project depends on this very copy of the kit (a clone, or wherever a
 * tarball was installed) with `file:`, which `npm install` links without asking any registry.
 */
export function chooseKitDependency(packageRoot: string, override?: string): KitDependency {
  if (override !== undefined) return { spec: override, why: `as given with --kit` };
  return {
    spec: `file:${packageRoot}`,
    why: "the copy of the kit that ran init (crisp-plugin-kit is not on the npm registry; npm install links it)",
  };
}

/**
 * The compiler options a hooks module needs: the kit is an ES module with `exports`, so NodeNext
 * resolution (and `"type": "module"` in package.json); strict, as the kit's own types are written.
 */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules"],
};

const GITIGNORE = ["node_modules/", "# The store of `crisp-plugin run` (SQLite)", ".crisp-plugin/", "*.tgz", ""].join(
  "\n",
);

/**
 * Writes what makes the plugin folder an npm project: package.json (the kit as a dependency,
 * TypeScript for the hooks, the scripts `dev`, `test`, `validate`, `start`, `typecheck`),
 * tsconfig.json and .gitignore. Returns the files written.
 */
export async function writeProjectFiles(
  target: string,
  options: { readonly kit: KitDependency; readonly packageRoot: string },
): Promise<string[]> {
  const packageJson = {
    name: packageNameOf(target),
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      dev: "crisp-plugin dev",
      test: "crisp-plugin test",
      validate: "crisp-plugin validate",
      start: "crisp-plugin start",
      typecheck: "tsc --noEmit",
    },
    dependencies: { [PACKAGE_NAME]: options.kit.spec },
    devDependencies: devDependenciesOf(options.packageRoot),
  };
  await writeFile(join(target, "package.json"), `${JSON.stringify(packageJson, null, 2)}\n`);
  await writeFile(join(target, "tsconfig.json"), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  await writeFile(join(target, ".gitignore"), GITIGNORE);
  return [".gitignore", "package.json", "tsconfig.json"];
}

/** TypeScript and Node's types, at the versions the kit itself is checked with. */
function devDependenciesOf(packageRoot: string): Record<string, string> {
  const kit = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  return {
    "@types/node": kit.devDependencies?.["@types/node"] ?? "^20.19.0",
    typescript: kit.devDependencies?.typescript ?? "~5.9",
  };
}

/** An npm package name from the folder name: lower case, other characters as `-`. */
function packageNameOf(target: string): string {
  const name = basename(target)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "");
  return name === "" ? "my-crisp-plugin" : name;
}
