import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import type { HttpMethod, RouteEnvironment, RouteRequest, WebsiteRoute } from "../route-definition.js";
import { fail, type RouteResult } from "../route-result.js";
import type { SimulatedConversation } from "../simulated-conversation.js";
import type { SimulatedWebsite } from "../simulated-website.js";

/** A route under `website/:website_id/conversation/:session_id`, given the conversation it names. */
export interface ConversationRouteSpec {
  readonly name: string;
  readonly method: HttpMethod;
  /** What follows the session id: `""`, `"/meta"`, `"/message"`... */
  readonly suffix: string;
  readonly scope: ScopeNeed;
  handle(
    request: RouteRequest,
    conversation: SimulatedConversation,
    env: RouteEnvironment,
    website: SimulatedWebsite,
  ): RouteResult;
}

/** Builds a conversation route that answers `404 not_found` for a session the website does not have. */
export function defineConversationRoute(spec: ConversationRouteSpec): WebsiteRoute {
  return {
    kind: "website",
    name: spec.name,
    method: spec.method,
    path: `website/:website_id/conversation/:session_id${spec.suffix}`,
    scope: spec.scope,
    handle(request, env, website) {
      const conversation = website.conversations.get(request.params.session_id ?? "");
      if (conversation === undefined) return fail(404, "not_found");
      return spec.handle(request, conversation, env, website);
    },
  };
}
