import type { JsonObject } from "./json-object.js";
import type { SimulatedConversation } from "./simulated-conversation.js";
import type { SimulatedOperator } from "./simulated-operator.js";
import type { SimulatedPeople } from "./simulated-people.js";

/** The website's Crisp plan, as `listAllConnectWebsites(..., includePlan = true)` shows it. */
export interface WebsitePlan {
  readonly id: string;
  readonly name: string;
  readonly trialing: boolean;
}

/** How a website changed for `listConnectWebsitesSince` (Crisp's exact values are unconfirmed). */
export type WebsiteDifference = "added" | "removed" | "updated";

/** A website to install the plugin on; `token` and `settings` get defaults when left out. */
export interface WebsiteSeed {
  readonly website_id: string;
  /** The per-website token Crisp shares with the plugin's settings page. */
  readonly token?: string;
  readonly settings?: JsonObject;
  readonly plan?: WebsitePlan;
  /** The website's operators (`listWebsiteOperators`); none by default. */
  readonly operators?: readonly SimulatedOperator[];
}

/** A website known to the simulator, subscribed to the plugin or not (any more). */
export interface SimulatedWebsite {
  readonly website_id: string;
  token: string;
  settings: JsonObject;
  plan?: WebsitePlan;
  subscribed: boolean;
  /** The last change, reported by `listConnectWebsitesSince` for changes at or after a date. */
  difference: WebsiteDifference;
  changed_at: number;
  readonly conversations: Map<string, SimulatedConversation>;
  readonly people: Map<string, SimulatedPeople>;
  operators: SimulatedOperator[];
}
