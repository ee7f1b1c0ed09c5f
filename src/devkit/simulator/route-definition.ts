import type { ScopeNeed } from "../../core/crisp/scope-catalog.js";
import type { JsonObject } from "./json-object.js";
import type { RouteResult } from "./route-result.js";
import type { SimulatedWebsite } from "./simulated-website.js";
import type { SimulatorState } from "./simulator-state.js";

/** The HTTP methods crisp-api uses. */
export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One request, as a route sees it once the router has matched and parsed it. */
export interface RouteRequest {
  /** Path parameters, named after the `:name` segments of the route's path. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The parsed JSON body; `undefined` when there is none. */
  readonly body: unknown;
}

/** What routes share: the state, the plugin's identity and the simulator's settings. */
export interface RouteEnvironment {
  readonly state: SimulatorState;
  readonly pluginId: string;
  readonly pluginUrn: string;
  /** Websites per page of `listAllConnectWebsites`. */
  readonly pageSize: number;
  /** The RTM endpoint `getConnectEndpoints` hands out; read late, the port is known after listen. */
  readonly socketUrl: () => string;
  /** The settings JSON Schema `getSubscriptionSettings` reports. */
  readonly settingsSchema: JsonObject;
  readonly now: () => number;
}

interface RouteBase {
  /** The crisp-api method that calls this route; calls are recorded under this name. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Relative to `/v1/`, with `:name` parameters: `website/:website_id/conversation/:session_id`. */
  readonly path: string;
  /** What a production token must grant; `null` for routes every plugin token may call. */
  readonly scope: ScopeNeed | null;
}

/** A route of the plugin itself (`plugin/connect/...`): no website involved. */
export interface PluginRoute extends RouteBase {
  readonly kind: "plugin";
  handle(request: RouteRequest, env: RouteEnvironment): RouteResult;
}

/**
 * A route about one website, named by a `:website_id` parameter. The router answers
 * `404 not_subscribed` before `handle` runs when the website did not install the plugin.
 */
export interface WebsiteRoute extends RouteBase {
  readonly kind: "website";
  handle(request: RouteRequest, env: RouteEnvironment, website: SimulatedWebsite): RouteResult;
}

/** One REST route of the simulator. */
export type RouteDefinition = PluginRoute | WebsiteRoute;
