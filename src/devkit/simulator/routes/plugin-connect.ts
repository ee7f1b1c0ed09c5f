import type { PluginRoute, RouteEnvironment, RouteRequest } from "../route-definition.js";
import { fail, ok, type RouteResult } from "../route-result.js";
import type { SimulatedWebsite } from "../simulated-website.js";

/** The plugin's own account, session and websites (`plugin/connect/...`); no scope needed. */
export const pluginConnectRoutes: readonly PluginRoute[] = [
  {
    kind: "plugin",
    name: "getConnectAccount",
    method: "GET",
    path: "plugin/connect/account",
    scope: null,
    handle: (_request, env) => ok({ plugin_id: env.pluginId }),
  },
  {
    kind: "plugin",
    name: "checkConnectSessionValidity",
    method: "HEAD",
    path: "plugin/connect/session",
    scope: null,
    // Reaching a handler means the credentials were accepted: the session is valid.
    handle: () => ok(),
  },
  {
    kind: "plugin",
    name: "getConnectEndpoints",
    method: "GET",
    path: "plugin/connect/endpoints",
    scope: null,
    handle: (_request, env) => ok({ socket: { app: env.socketUrl() }, rescue: { socket: { app: env.socketUrl() } } }),
  },
  {
    kind: "plugin",
    name: "listAllConnectWebsites",
    method: "GET",
    path: "plugin/connect/websites/all/:page",
    scope: null,
    handle: listAllWebsites,
  },
  {
    kind: "plugin",
    name: "listConnectWebsitesSince",
    method: "GET",
    path: "plugin/connect/websites/since",
    scope: null,
    handle: listWebsitesSince,
  },
];

/** Subscribed websites, `env.pageSize` per page from page 1; past the last one, an empty page. */
function listAllWebsites(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const page = Number(request.params.page);
  if (!Number.isSafeInteger(page) || page < 1) return fail(400, "invalid_data", "page must be an integer from 1");
  const { configuredOnly, includePlan } = listingFlags(request.query);
  const subscribed = env.state.subscribedWebsites();
  const websites = configuredOnly ? subscribed.filter(isConfigured) : subscribed;
  const slice = websites.slice((page - 1) * env.pageSize, page * env.pageSize);
  return ok(slice.map((website) => listing(website, includePlan)));
}

/**
 * Websites added, removed or updated at or after `date_since`, each with its `difference`. "At or
 * after" rather than "after": a poller that passes the time of its last poll must not miss a change
 * made within that same millisecond; seeing one twice is harmless.
 */
function listWebsitesSince(request: RouteRequest, env: RouteEnvironment): RouteResult {
  const since = Date.parse(request.query.get("date_since") ?? "");
  if (Number.isNaN(since)) return fail(400, "invalid_data", "date_since must be an ISO 8601 date");
  const { configuredOnly, includePlan } = listingFlags(request.query);
  const changed = env.state
    .websites()
    .filter((website) => website.changed_at >= since)
    // A removal is reported even when unconfigured: the plugin must forget that website.
    .filter((website) => !configuredOnly || website.difference === "removed" || isConfigured(website));
  return ok(changed.map((website) => ({ ...listing(website, includePlan), difference: website.difference })));
}

function listingFlags(query: URLSearchParams): { configuredOnly: boolean; includePlan: boolean } {
  return { configuredOnly: query.get("filter_configured") === "1", includePlan: query.get("include_plan") === "1" };
}

/** A website counts as configured once its settings hold something. */
function isConfigured(website: SimulatedWebsite): boolean {
  return Object.keys(website.settings).length > 0;
}

function listing(website: SimulatedWebsite, includePlan: boolean): Record<string, unknown> {
  return {
    website_id: website.website_id,
    token: website.token,
    settings: website.settings,
    ...(includePlan && website.plan !== undefined ? { plan: website.plan } : {}),
  };
}
