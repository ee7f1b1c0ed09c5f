import type { RouteDefinition } from "../route-definition.js";
import { ok } from "../route-result.js";

/** The website's operators, as Crisp lists them: `[{ type: "operator", details: {...} }]`. */
export const websiteOperatorRoutes: readonly RouteDefinition[] = [
  {
    kind: "website",
    name: "listWebsiteOperators",
    method: "GET",
    path: "website/:website_id/operators/list",
    scope: { scope: "website:operators", access: "read" },
    handle: (_request, _env, website) =>
      ok(website.operators.map((operator) => ({ type: "operator", details: { ...operator, has_token: false } }))),
  },
];
