import { isScalar, parseDocument } from "yaml";

/** What changes in a recipe's plugin.yaml when it is copied into a new folder. */
export interface ManifestRewrite {
  /** The new target of the `# yaml-language-server: $schema=` modeline. */
  readonly schema: string;
  /** The new `plugin.listing.logo`, when it changes. */
  readonly logo?: string;
}

const MODELINE = /^# yaml-language-server: \$schema=.*$/m;

/**
 * Rewrites the text of a plugin.yaml without re-serialising it, so that comments, quoting and
 * layout stay as the recipe wrote them: the schema modeline is replaced (or added on top), and the
 * logo's value is replaced in place, found by its position in the parsed document.
 */
export function rewriteManifest(text: string, rewrite: ManifestRewrite): string {
  const modeline = `# yaml-language-server: $schema=${rewrite.schema}`;
  const withSchema = MODELINE.test(text) ? text.replace(MODELINE, () => modeline) : `${modeline}\n${text}`;
  return rewrite.logo === undefined ? withSchema : replaceLogo(withSchema, rewrite.logo);
}

/** Where the logo points, as written in plugin.yaml; undefined when the listing has none. */
export function readLogo(text: string): string | undefined {
  const logo: unknown = parseDocument(text).getIn(["plugin", "listing", "logo"]);
  return typeof logo === "string" ? logo : undefined;
}

function replaceLogo(text: string, logo: string): string {
  const node: unknown = parseDocument(text).getIn(["plugin", "listing", "logo"], true);
  if (!isScalar(node) || node.range === null || node.range === undefined) return text;
  const [start, end] = node.range;
  const value = /^[\w./-]+$/.test(logo) ? logo : JSON.stringify(logo);
  return `${text.slice(0, start)}${value}${text.slice(end)}`;
}
