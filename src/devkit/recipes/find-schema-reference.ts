import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { PACKAGE_NAME } from "./package-name.js";
import { PACKAGE_ROOT } from "./package-root.js";

/** The schema's path inside the package. */
const SCHEMA_IN_PACKAGE = join("schema", "plugin.schema.json");

/** What a new plugin folder's `$schema` modeline should point at. */
export interface SchemaReference {
  /** The path to write after `$schema=`: relative (forward slashes) when installed, else absolute. */
  readonly path: string;
  /**
   * Whether `import ... from "crisp-plugin-kit"` resolves from the folder: the package is installed
   * in a `node_modules` above it, or the folder is inside the package's own repository.
   */
  readonly installed: boolean;
}

/**
 * Finds the schema the way Node finds the package from `directory`: in the nearest
 * `node_modules/crisp-plugin-kit` of the folder or one above it, else in the package itself when
 * the folder is inside it (its self-reference). The path is then relative, so the folder can move
 * with its project. When neither exists, it is the absolute path of this installation's schema.
 */
export function findSchemaReference(directory: string, packageRoot: string = PACKAGE_ROOT): SchemaReference {
  for (let current = directory; ; current = dirname(current)) {
    const installed = join(current, "node_modules", PACKAGE_NAME, SCHEMA_IN_PACKAGE);
    if (existsSync(installed)) return { path: toPosix(relative(directory, installed)), installed: true };
    if (isPackageRoot(current)) {
      return { path: toPosix(relative(directory, join(current, SCHEMA_IN_PACKAGE))), installed: true };
    }
    if (dirname(current) === current) break;
  }
  return { path: join(packageRoot, SCHEMA_IN_PACKAGE), installed: false };
}

function isPackageRoot(directory: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { name?: unknown };
    return manifest.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
