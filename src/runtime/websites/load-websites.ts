import type { PluginConnect } from "../crisp/plugin-connect.js";
import type { WebsiteRegistry } from "./website-registry.js";

/**
 * Pages through every subscribed website (from page 1 until an empty page: Crisp does not
 * document its page size) into the registry. `onProgress` is called after each page.
 */
export async function loadWebsites(
  connect: PluginConnect,
  registry: WebsiteRegistry,
  onProgress: (loaded: number, page: number) => void = () => undefined,
): Promise<number> {
  let loaded = 0;
  for (let page = 1; ; page++) {
    const websites = await connect.listWebsites(page);
    if (websites.length === 0) return loaded;
    for (const website of websites) registry.upsert(website);
    loaded += websites.length;
    onProgress(loaded, page);
  }
}
