import { Crisp } from "crisp-api";
import type { CrispRestOptions } from "./crisp-rest.js";
import { toKitError } from "./to-kit-error.js";

/** A website that installed the plugin, as Crisp lists it. */
export interface ConnectWebsite {
  readonly website_id: string;
  /** The per-website token: a shared secret between Crisp, the plugin and its settings page. */
  readonly token: string;
  readonly settings: Readonly<Record<string, unknown>>;
  /** In `listConnectWebsitesSince` answers: how it changed (values unconfirmed; unknown ones kept). */
  readonly difference?: string;
}

/** The plugin-tier calls that keep the list of subscribed websites and their settings. */
export interface PluginConnect {
  /** The plugin id, needed by every `plugins/subscription/...` route. */
  getPluginId(): Promise<string>;
  /** One page (from 1) of subscribed websites; an empty page means the end. */
  listWebsites(page: number): Promise<ConnectWebsite[]>;
  /** Websites installed, removed or changed since `since`. */
  listWebsitesSince(since: Date): Promise<ConnectWebsite[]>;
  /** One website's subscription: its token and settings (after an install event). */
  getSubscription(websiteId: string, pluginId: string): Promise<ConnectWebsite>;
  /** The RTM socket URL for this plugin's account. */
  getSocketUrl(): Promise<string>;
  /** Replaces a website's settings (PUT). */
  saveSettings(websiteId: string, pluginId: string, settings: Readonly<Record<string, unknown>>): Promise<void>;
}

/** Creates the plugin-connect client on the real `crisp-api` library, plugin tier. */
export function createPluginConnect(options: CrispRestOptions): PluginConnect {
  const client = new Crisp();
  client.authenticateTier("plugin", options.identifier, options.key);
  if (options.restHost !== undefined) client.setRestHost(options.restHost);
  const call = async <T>(route: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toKitError(error, route);
    }
  };
  return {
    getPluginId: () =>
      call("getConnectAccount", async () => {
        const account = await client.plugin.getConnectAccount();
        if (typeof account.plugin_id !== "string") throw new Error("Crisp returned no plugin_id");
        return account.plugin_id;
      }),
    listWebsites: (page) =>
      call("listAllConnectWebsites", async () =>
        toWebsites(await client.plugin.listAllConnectWebsites(page, false, false)),
      ),
    listWebsitesSince: (since) =>
      call("listConnectWebsitesSince", async () =>
        toWebsites(await client.plugin.listConnectWebsitesSince(since.toISOString(), false, false)),
      ),
    getSubscription: (websiteId, pluginId) =>
      call("getSubscriptionSettings", async () => {
        const subscription = (await client.plugin.getSubscriptionSettings(websiteId, pluginId)) as {
          token?: string;
          settings?: object;
        };
        return {
          website_id: websiteId,
          token: subscription.token ?? "",
          settings: (subscription.settings ?? {}) as Record<string, unknown>,
        };
      }),
    getSocketUrl: () =>
      call("getConnectEndpoints", async () => {
        const endpoints = await client.plugin.getConnectEndpoints();
        const url = endpoints.socket?.app;
        if (typeof url !== "string" || url === "") throw new Error("Crisp returned no RTM socket endpoint");
        return url;
      }),
    saveSettings: (websiteId, pluginId, settings) =>
      call("saveSubscriptionSettings", async () => {
        await client.plugin.saveSubscriptionSettings(websiteId, pluginId, settings);
      }),
  };
}

/** Keeps the entries that name a website; Crisp's fields are optional in crisp-api's types. */
function toWebsites(
  items: readonly { website_id?: string; token?: string; settings?: object; difference?: string }[] | undefined,
): ConnectWebsite[] {
  return (items ?? []).flatMap((item) =>
    typeof item.website_id === "string"
      ? [
          {
            website_id: item.website_id,
            token: item.token ?? "",
            settings: (item.settings ?? {}) as Record<string, unknown>,
            ...(item.difference === undefined ? {} : { difference: item.difference }),
          },
        ]
      : [],
  );
}
