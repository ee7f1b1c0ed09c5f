import { deepMerge } from "../deep-merge.js";
import { isJsonObject } from "../json-object.js";
import type { RouteEnvironment, RouteRequest, WebsiteRoute } from "../route-definition.js";
import { fail, ok, type RouteResult } from "../route-result.js";
import type { SimulatedWebsite } from "../simulated-website.js";

const SETTINGS_PATH = "plugins/subscription/:website_id/:plugin_id/settings";

/**
 * A website's settings for this plugin. No scope is documented for these routes, so none is
 * required; another plugin's id answers `404 not_subscribed`, as this token cannot see it.
 */
export const pluginSubscriptionRoutes: readonly WebsiteRoute[] = [
  {
    kind: "website",
    name: "getSubscriptionSettings",
    method: "GET",
    path: SETTINGS_PATH,
    scope: null,
    handle: (request, env, website) => ownPlugin(request, env) ?? ok(settingsView(website, env)),
  },
  {
    kind: "website",
    name: "saveSubscriptionSettings",
    method: "PUT",
    path: SETTINGS_PATH,
    scope: null,
    handle: (request, env, website) => ownPlugin(request, env) ?? writeSettings(request, env, website, "replace"),
  },
  {
    kind: "website",
    name: "updateSubscriptionSettings",
    method: "PATCH",
    path: SETTINGS_PATH,
    scope: null,
    handle: (request, env, website) => ownPlugin(request, env) ?? writeSettings(request, env, website, "merge"),
  },
];

/** `undefined` when the path names this plugin; otherwise the answer to give. */
function ownPlugin(request: RouteRequest, env: RouteEnvironment): RouteResult | undefined {
  if (request.params.plugin_id === env.pluginId) return undefined;
  return fail(404, "not_subscribed");
}

function settingsView(website: SimulatedWebsite, env: RouteEnvironment): Record<string, unknown> {
  return {
    plugin_id: env.pluginId,
    website_id: website.website_id,
    token: website.token,
    schema: env.settingsSchema,
    settings: website.settings,
  };
}

/**
 * The body is the settings object itself (crisp-api sends it as is). PUT replaces; PATCH merges
 * nested objects, a guess at Crisp's unconfirmed PATCH semantics that matches its examples.
 * Settings are not validated against the schema here.
 */
function writeSettings(
  request: RouteRequest,
  env: RouteEnvironment,
  website: SimulatedWebsite,
  mode: "replace" | "merge",
): RouteResult {
  if (!isJsonObject(request.body)) return fail(400, "invalid_data", "the body must be the settings object");
  const settings = mode === "replace" ? request.body : deepMerge(website.settings, request.body);
  env.state.saveSettings(website.website_id, settings);
  return ok();
}
