import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallRecorder } from "./call-recorder.js";
import type { DailyQuota } from "./daily-quota.js";
import { injectedAnswer, type FailureInjector } from "./failure-injector.js";
import { isAuthorized, type PluginCredentials } from "./is-authorized.js";
import { isScopeGranted, type ScopeGrant } from "./is-scope-granted.js";
import { createRouteMatcher, type RouteMatch, type RouteMatcher } from "./match-route.js";
import { settleFault, type RandomFaults } from "./random-faults.js";
import { MAX_BODY_DEPTH, readBody, type BodyResult } from "./read-body.js";
import type { JsonObject } from "./json-object.js";
import type { RouteDefinition, RouteEnvironment } from "./route-definition.js";
import { fail, type RouteResult } from "./route-result.js";
import { sendEnvelope } from "./send-envelope.js";

/** What the request handler needs; `startCrispSimulator` builds it from its options. */
export interface RequestHandlerOptions {
  readonly routes: readonly RouteDefinition[];
  readonly env: RouteEnvironment;
  readonly credentials: PluginCredentials;
  /** The production token's grants; `undefined` for a development token (no scope checks). */
  readonly scopes: readonly ScopeGrant[] | undefined;
  readonly recorder: CallRecorder;
  readonly failures: FailureInjector;
  /** Faults spread at random (`failRandomly`), drawn after the queued `failNext` ones. */
  readonly faults: RandomFaults;
  readonly latencyMs: number;
  readonly bodyLimitBytes: number;
  /** The plugin token's daily quota, when one is simulated. */
  readonly quota?: DailyQuota;
  /** Waits; rejects when the simulator closes, which abandons the request. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Emits an RTM event a route caused (to sockets and Web Hooks), once its answer is sent. */
  readonly emit: (websiteId: string, event: string, data: JsonObject) => void;
}

/** One request once its URL is read and its route looked up. */
interface Incoming {
  readonly method: string;
  readonly url: URL;
  readonly match: RouteMatch | undefined;
  readonly body: BodyResult;
}

const REST_BASE_PATH = "/v1/";

/**
 * The simulator's `request` listener: every request is answered in Crisp's envelope (or abandoned
 * when the simulator closes under it) and recorded. Nothing a client sends can make it throw.
 */
export function createRequestHandler(
  options: RequestHandlerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const match = createRouteMatcher(options.routes);
  return (request, response) => {
    handle(request, response, options, match).catch(() => {
      // Only a closing simulator or a vanished client gets here: there is no one left to answer.
      response.destroy();
    });
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: RequestHandlerOptions,
  match: RouteMatcher,
): Promise<void> {
  const at = options.env.now();
  const method = request.method ?? "GET";
  const url = requestUrl(request);
  const segments = pathSegments(url.pathname);
  const body = await readBody(request, options.bodyLimitBytes);
  const incoming: Incoming = { method, url, body, match: segments === undefined ? undefined : match(method, segments) };
  if (options.latencyMs > 0) await options.sleep(options.latencyMs);
  const result = await answer(request, incoming, options);
  sendEnvelope(response, result);
  const websiteId = incoming.match?.params.website_id;
  // As on Crisp, the change is told to the plugin after the REST answer, by an event with no `origin`.
  if (websiteId !== undefined)
    for (const caused of result.events ?? []) options.emit(websiteId, caused.event, caused.data);
  options.recorder.record({
    method,
    path: url.pathname,
    route: incoming.match?.route.name ?? "unknown",
    websiteId: incoming.match?.params.website_id ?? null,
    sessionId: incoming.match?.params.session_id ?? null,
    query: Object.fromEntries(url.searchParams),
    body: body.kind === "json" ? (body.value ?? null) : null,
    status: result.status,
    at,
  });
}

/**
 * The checks in the order a real API runs them: size at the edge, then credentials, then the
 * quota limiter (where injected failures stand), then the request itself, then scopes, then the
 * website's subscription.
 */
async function answer(
  request: IncomingMessage,
  incoming: Incoming,
  options: RequestHandlerOptions,
): Promise<RouteResult> {
  if (incoming.body.kind === "too_large") {
    return fail(413, "payload_too_large", `the body exceeds ${options.bodyLimitBytes} bytes`);
  }
  if (!isAuthorized(request.headers, options.credentials)) return fail(401, "invalid_session");
  if (options.quota?.take() === false) return fail(429, "rate_limited", "the plugin's daily quota is spent");
  const failure = options.failures.take(incoming.match?.route.name ?? "unknown");
  if (failure?.delayMs !== undefined) await options.sleep(failure.delayMs);
  const injected = failure === undefined ? undefined : injectedAnswer(failure);
  if (injected !== undefined) return injected;
  const fault = failure === undefined ? options.faults.draw(incoming.match?.route.name ?? "unknown") : undefined;
  if (fault?.when === "before") return fault.answer;
  if (incoming.body.kind === "invalid_json") return fail(400, "invalid_data", "the body is not valid JSON");
  if (incoming.body.kind === "too_deep") {
    return fail(400, "invalid_data", `the body nests deeper than ${MAX_BODY_DEPTH} levels`);
  }
  if (incoming.match === undefined) {
    return fail(404, "route_not_found", `the simulator has no route ${incoming.method} ${incoming.url.pathname}`);
  }
  if (!isScopeGranted(options.scopes, incoming.match.route.scope)) return fail(403, "not_allowed");
  const ran = runRoute(incoming.match, incoming, options.env);
  const settled = await settleFault(fault, ran, options.sleep);
  // A fault that answers an error after the change was made does not undo its events.
  return settled === ran || ran.events === undefined ? settled : { ...settled, events: ran.events };
}

function runRoute({ route, params }: RouteMatch, incoming: Incoming, env: RouteEnvironment): RouteResult {
  const routeRequest = {
    params,
    query: incoming.url.searchParams,
    body: incoming.body.kind === "json" ? incoming.body.value : undefined,
  };
  try {
    if (route.kind === "plugin") return route.handle(routeRequest, env);
    const website = env.state.subscribed(params.website_id ?? "");
    if (website === undefined) return fail(404, "not_subscribed");
    return route.handle(routeRequest, env, website);
  } catch {
    // A simulator bug: answer like a server would, rather than drop the connection or crash.
    return fail(500, "internal_error");
  }
}

/** The request's URL; a target that is not one (say, `//`) reads as `/`, which no route matches. */
function requestUrl(request: IncomingMessage): URL {
  const base = "http://simulator";
  return URL.canParse(request.url ?? "", base) ? new URL(request.url ?? "", base) : new URL("/", base);
}

/** The decoded segments after `/v1/`, or `undefined` for a path outside the API or badly encoded. */
function pathSegments(pathname: string): string[] | undefined {
  if (!pathname.startsWith(REST_BASE_PATH)) return undefined;
  try {
    return pathname.slice(REST_BASE_PATH.length).split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
}
