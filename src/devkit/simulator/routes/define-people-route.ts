import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import type { HttpMethod, RouteEnvironment, RouteRequest, WebsiteRoute } from "../route-definition.js";
import { fail, type RouteResult } from "../route-result.js";
import type { SimulatedPeople } from "../simulated-people.js";

/** A route about one contact, named by a `:people_id` parameter of `path`. */
export interface PeopleRouteSpec {
  readonly name: string;
  readonly method: HttpMethod;
  /** Relative to `website/:website_id/people/`: `"data/:people_id"`... */
  readonly path: string;
  readonly scope: ScopeNeed;
  handle(request: RouteRequest, people: SimulatedPeople, env: RouteEnvironment): RouteResult;
}

/** Builds a people route that answers `404 not_found` for a contact the website does not have. */
export function definePeopleRoute(spec: PeopleRouteSpec): WebsiteRoute {
  return {
    kind: "website",
    name: spec.name,
    method: spec.method,
    path: `website/:website_id/people/${spec.path}`,
    scope: spec.scope,
    handle(request, env, website) {
      const people = website.people.get(request.params.people_id ?? "");
      if (people === undefined) return fail(404, "not_found");
      return spec.handle(request, people, env);
    },
  };
}
