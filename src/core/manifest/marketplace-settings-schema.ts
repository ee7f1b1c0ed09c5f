import type { Manifest } from "./manifest.js";

/**
 * The settings JSON Schema as the Marketplace expects it: the manifest's `settings:` with the
 * `$id` Crisp's own examples use, `crisp:service:api/_schema/plugin#<urn>`.
 */
export function marketplaceSettingsSchema(manifest: Manifest): Record<string, unknown> {
  const rest = Object.entries(manifest.settings).filter(([key]) => key !== "$id");
  return { $id: `crisp:service:api/_schema/plugin#${manifest.plugin.urn}`, ...Object.fromEntries(rest) };
}
