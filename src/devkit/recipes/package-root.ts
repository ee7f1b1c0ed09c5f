import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The root of the installed crisp-plugin-kit package: two levels above this module, both in
 * `src/devkit/recipes/` (tests, tsx) and in `dist/recipes/` (the built CLI). Its `recipes/` and `schema/`
 * folders ship with the package (`files` in package.json).
 */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
