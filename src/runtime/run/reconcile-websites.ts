import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";

/** `difference` values that mean the website no longer has the plugin (exact values unconfirmed). */
const REMOVED = new Set(["removed", "unlinked", "deleted", "unbound"]);

/**
 * Repairs what events may have missed: asks Crisp which websites changed since `since` and
 * applies it. Unknown `difference` values are treated as an update, which is safe: the website's
 * token and settings are replaced by what Crisp says now.
 */
export async function reconcileWebsites(
  connect: PluginConnect,
  registry: WebsiteRegistry,
  since: Date,
): Promise<{ added: number; removed: number; updated: number }> {
  const changes = { added: 0, removed: 0, updated: 0 };
  for (const website of await connect.listWebsitesSince(since)) {
    if (website.difference !== undefined && REMOVED.has(website.difference)) {
      if (registry.remove(website.website_id)) changes.removed += 1;
    } else if (registry.upsert(website)) changes.added += 1;
    else changes.updated += 1;
  }
  return changes;
}
