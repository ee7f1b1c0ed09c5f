import { isHostAllowed } from "../actions/is-host-allowed.js";
import { problemAt, type CheckContext } from "./check-context.js";
import type { Problem } from "./problem.js";
import { isPlain, rawRules, rawSteps } from "./walk-rules.js";

/**
 * `http` steps whose URL names a host outside `http.allow`. URLs whose scheme or host is a
 * template can only be checked when they are rendered, and are left to the action.
 */
export function checkHttpHosts(context: CheckContext): Problem[] {
  const http = isPlain(context.data.http) ? context.data.http : {};
  const allow = Array.isArray(http.allow) ? http.allow.filter((item): item is string => typeof item === "string") : [];
  return rawRules(context.data).flatMap((rule) =>
    rawSteps(rule).flatMap((step) => {
      const url = isPlain(step.step.with) ? step.step.with.url : undefined;
      if (step.step.action !== "http" || typeof url !== "string") return [];
      const at = [...step.path, "with", "url"];
      const origin = /^[^/]*\/\/[^/?#]*/.exec(url)?.[0] ?? url;
      if (origin.includes("{{")) return [];
      let parsed: URL;
      try {
        parsed = new URL(url.replace(/\{\{[^}]*\}\}/g, "x"));
      } catch {
        return [problemAt(context, at, "INVALID_VALUE", `${JSON.stringify(url)} is not an absolute URL`)];
      }
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
        return [problemAt(context, at, "INVALID_VALUE", `${JSON.stringify(url)} must use http or https`)];
      }
      if (isHostAllowed(parsed.host, allow)) return [];
      return [problemAt(context, at, "HOST_NOT_ALLOWED", `host ${parsed.host} is not listed in http.allow`)];
    }),
  );
}
