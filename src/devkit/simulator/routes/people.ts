import type { ScopeNeed } from "../../../core/crisp/scope-catalog.js";
import { isJsonObject } from "../json-object.js";
import { parseDataRecord } from "../parse-data-record.js";
import type { RouteDefinition, RouteEnvironment, RouteRequest } from "../route-definition.js";
import { fail, ok, type RouteResult } from "../route-result.js";
import type { PeopleEvent, SimulatedPeople } from "../simulated-people.js";
import { definePeopleRoute } from "./define-people-route.js";
import { profileView } from "./people-profiles.js";

/** Timeline events per page of `listPeopleEvents` (Crisp's size is undocumented). */
const EVENTS_PER_PAGE = 20;

function need(scope: ScopeNeed["scope"], access: ScopeNeed["access"]): ScopeNeed {
  return { scope, access };
}

/** Contact profiles, their custom data and their timeline events. */
export const peopleRoutes: readonly RouteDefinition[] = [
  definePeopleRoute({
    name: "getPeopleProfile",
    method: "GET",
    path: "profile/:people_id",
    scope: need("website:people:profiles", "read"),
    handle: (_request, people) => ok(profileView(people)),
  }),
  definePeopleRoute({
    name: "getPeopleData",
    method: "GET",
    path: "data/:people_id",
    scope: need("website:people:data", "read"),
    handle: (_request, people) => ok({ data: people.data }),
  }),
  definePeopleRoute({
    name: "savePeopleData",
    method: "PUT",
    path: "data/:people_id",
    scope: need("website:people:data", "write"),
    handle: (request, people, env) => writeData(request, people, env, "replace"),
  }),
  definePeopleRoute({
    name: "updatePeopleData",
    method: "PATCH",
    path: "data/:people_id",
    scope: need("website:people:data", "write"),
    handle: (request, people, env) => writeData(request, people, env, "merge"),
  }),
  definePeopleRoute({
    name: "addPeopleEvent",
    method: "POST",
    path: "events/:people_id",
    scope: need("website:people:events", "write"),
    handle: (request, people, env) => addEvent(request.body, people, env),
  }),
  definePeopleRoute({
    name: "listPeopleEvents",
    method: "GET",
    path: "events/:people_id/list/:page",
    scope: need("website:people:events", "read"),
    handle: (request, people) => listEvents(people, request.params.page),
  }),
];

/**
 * The body is `{ data: {...} }`, as in crisp-api's README and Crisp's reference (crisp-api's own
 * TypeScript signature says a flat record; a flat body is refused here so that mistake shows).
 */
function writeData(
  request: RouteRequest,
  people: SimulatedPeople,
  env: RouteEnvironment,
  mode: "replace" | "merge",
): RouteResult {
  const body = request.body;
  const data = parseDataRecord(isJsonObject(body) ? body.data : undefined, "data");
  if (typeof data === "string") return fail(400, "invalid_data", `${data} (the body is { data: {...} })`);
  people.data =
    mode === "replace" ? data : Object.fromEntries([...Object.entries(people.data), ...Object.entries(data)]);
  people.updated_at = env.now();
  return ok();
}

function addEvent(body: unknown, people: SimulatedPeople, env: RouteEnvironment): RouteResult {
  if (!isJsonObject(body)) return fail(400, "invalid_data", "the body must be an event object");
  const { text, data, color } = body;
  if (typeof text !== "string" || text === "") return fail(400, "invalid_data", "text must be a non-empty string");
  if (data !== undefined && !isJsonObject(data)) return fail(400, "invalid_data", "data must be an object");
  if (color !== undefined && typeof color !== "string") return fail(400, "invalid_data", "color must be a string");
  const event: PeopleEvent = { text, timestamp: env.now() };
  if (data !== undefined) event.data = structuredClone(data);
  if (color !== undefined) event.color = color;
  people.events.push(event);
  return ok();
}

function listEvents(people: SimulatedPeople, pageParam: string | undefined): RouteResult {
  const page = Number(pageParam);
  if (!Number.isSafeInteger(page) || page < 1) return fail(400, "invalid_data", "page must be an integer from 1");
  const newestFirst = [...people.events].reverse();
  return ok(newestFirst.slice((page - 1) * EVENTS_PER_PAGE, page * EVENTS_PER_PAGE));
}
