import type { RouteDefinition } from "./route-definition.js";

/** A route that matched a request, with the values of its path parameters. */
export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly params: Readonly<Record<string, string>>;
}

/** Finds the route for a method and the decoded path segments that follow `/v1/`. */
export type RouteMatcher = (method: string, segments: readonly string[]) => RouteMatch | undefined;

/**
 * The simulator's one router: compares path segments, literal or `:param`. A linear scan is plenty
 * for a few dozen routes and keeps the matching rule obvious.
 */
export function createRouteMatcher(routes: readonly RouteDefinition[]): RouteMatcher {
  const compiled = routes.map((route) => ({ route, pattern: route.path.split("/") }));
  return (method, segments) => {
    for (const { route, pattern } of compiled) {
      if (route.method !== method || pattern.length !== segments.length) continue;
      const params = matchSegments(pattern, segments);
      if (params !== undefined) return { route, params };
    }
    return undefined;
  };
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  const params = new Map<string, string>();
  for (const [index, expected] of pattern.entries()) {
    const actual = segments[index] ?? "";
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      params.set(expected.slice(1), actual);
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return Object.fromEntries(params);
}
