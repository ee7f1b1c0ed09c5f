import { KitError } from "../../core/errors/kit-error.js";
import type { CrispGateway } from "./crisp-gateway.js";

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

/**
 * The plugin-connect calls on `gateway`: counted against the quota and retried like every other
 * Crisp call (a Crisp hiccup while starting must not stop the plugin).
 */
export function createPluginConnect(gateway: CrispGateway): PluginConnect {
  const plugin = (method: string, args: readonly unknown[]) => gateway.call("plugin", method, args);
  return {
    async getPluginId() {
      const account = (await plugin("getConnectAccount", [])) as { plugin_id?: unknown };
      if (typeof account.plugin_id !== "string")
        throw new KitError("CRISP_REQUEST_FAILED", "getConnectAccount: Crisp returned no plugin_id");
      return account.plugin_id;
    },
    listWebsites: async (page) => toWebsites((await plugin("listAllConnectWebsites", [page, false, false])) as Listed),
    listWebsitesSince: async (since) =>
      toWebsites((await plugin("listConnectWebsitesSince", [since.toISOString(), false, false])) as Listed),
    async getSubscription(websiteId, pluginId) {
      const subscription = (await plugin("getSubscriptionSettings", [websiteId, pluginId])) as {
        token?: string;
        settings?: object;
      };
      return {
        website_id: websiteId,
        token: subscription.token ?? "",
        settings: (subscription.settings ?? {}) as Record<string, unknown>,
      };
    },
    async getSocketUrl() {
      const endpoints = (await plugin("getConnectEndpoints", [])) as { socket?: { app?: unknown } };
      const url = endpoints.socket?.app;
      if (typeof url !== "string" || url === "")
        throw new KitError("CRISP_REQUEST_FAILED", "getConnectEndpoints: Crisp returned no RTM socket endpoint");
      return url;
    },
    async saveSettings(websiteId, pluginId, settings) {
      await plugin("saveSubscriptionSettings", [websiteId, pluginId, settings]);
    },
  };
}

type Listed = readonly { website_id?: string; token?: string; settings?: object; difference?: string }[] | undefined;

/** Keeps the entries that name a website; Crisp's fields are optional in crisp-api's types. */
function toWebsites(items: Listed): ConnectWebsite[] {
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
