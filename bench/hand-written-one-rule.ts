/**
 * The baseline of the one-rule workload: bench/fixtures/one-rule.yaml written by hand, the way
 * Crisp's example plugins are: one `Crisp` client on the plugin tier, every page of
 * `listAllConnectWebsites` into a map of settings, one `on("message:send")` handler that answers,
 * skipping the plugin's own messages; the lifecycle events keep the map current, as in
 * bench/hand-written-plugin.ts. It imports crisp-api directly (STYLE.md §6): a hand-written
 * plugin is the point.
 */
import { Crisp } from "crisp-api";
import type { HandWrittenOptions } from "./hand-written-plugin.js";

export const ONE_RULE_URN = "urn:crisp-plugin-kit:bench-one-rule:0";

interface Settings {
  greeting: string;
}

interface EventData {
  website_id: string;
  session_id: string;
  origin?: string;
  user?: { nickname?: string };
}

/** Starts the plugin; resolves once its handlers are bound. */
export async function startHandWrittenOneRule(options: HandWrittenOptions): Promise<{ websites: number }> {
  const crisp = new Crisp();
  crisp.setRestHost(options.restHost);
  crisp.authenticateTier("plugin", options.identifier, options.key);
  const { plugin_id: pluginId } = await crisp.plugin.getConnectAccount();
  if (!pluginId) throw new Error("Crisp returned no plugin_id: check the plugin token");
  const websites = new Map<string, Settings>();
  for (let page = 1; ; page++) {
    const list = await crisp.plugin.listAllConnectWebsites(page, false, false);
    if (list.length === 0) break;
    for (const website of list)
      if (website.website_id) websites.set(website.website_id, withDefaults(website.settings));
  }
  await Promise.all([
    crisp.on("message:send", (data: EventData) => {
      const settings = websites.get(data.website_id);
      if (settings === undefined || data.origin === ONE_RULE_URN) return;
      crisp.website
        .sendMessageInConversation(data.website_id, data.session_id, {
          type: "text",
          from: "operator",
          origin: ONE_RULE_URN,
          content: `${settings.greeting} ${data.user?.nickname ?? ""}, thanks for your message!`,
        })
        .catch((error: unknown) => {
          console.error(`message:send on ${data.website_id}/${data.session_id} failed:`, error);
        });
    }),
    crisp.on("plugin:subscription:updated", (data: { website_id: string; bound: boolean }) => {
      if (!data.bound) {
        websites.delete(data.website_id);
        return;
      }
      crisp.plugin
        .getSubscriptionSettings(data.website_id, pluginId)
        .then(async (subscription: { settings?: object }) => {
          websites.set(data.website_id, withDefaults(subscription.settings));
          await crisp.rebindSocket();
        })
        .catch((error: unknown) => {
          console.error(`install of ${data.website_id} failed:`, error);
        });
    }),
    crisp.on("plugin:settings:saved", (data: { website_id: string; settings: object }) => {
      if (websites.has(data.website_id)) websites.set(data.website_id, withDefaults(data.settings));
    }),
  ]);
  return { websites: websites.size };
}

function withDefaults(settings: object | undefined): Settings {
  return { greeting: "Hello", ...(settings as Partial<Settings> | undefined) };
}
