import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { Logger } from "../../core/logging/logger.js";
import { loadWebsites } from "../websites/load-websites.js";
import type { WebsiteRegistry } from "../websites/website-registry.js";

/** Pages through every subscribed website into the registry, with progress once a second. */
export async function loadAllWebsites(connect: PluginConnect, registry: WebsiteRegistry, log: Logger): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  const total = await loadWebsites(connect, registry, (loaded, page) => {
    if (Date.now() - lastReport < 1_000) return;
    lastReport = Date.now();
    log.info(`loading subscribed websites: ${loaded} so far (page ${page})`);
  });
  const invalid = registry.ids().filter((id) => registry.get(id)?.settings.ok === false).length;
  log.info(
    `${total} subscribed website(s) loaded in ${Date.now() - started} ms${invalid ? `, ${invalid} with invalid settings` : ""}`,
  );
}
