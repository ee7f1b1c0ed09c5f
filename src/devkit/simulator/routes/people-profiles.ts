import type { RouteDefinition } from "../route-definition.js";
import { fail, ok } from "../route-result.js";
import type { SimulatedPeople } from "../simulated-people.js";

/** Profiles per page of `listPeopleProfiles` (Crisp's size is undocumented). */
const PROFILES_PER_PAGE = 20;

/**
 * One page of the website's contact profiles, oldest first; `search_text` keeps those whose email
 * or nickname contains it (case-insensitive), as a text search on Crisp would find them.
 */
export const peopleProfileRoutes: readonly RouteDefinition[] = [
  {
    kind: "website",
    name: "listPeopleProfiles",
    method: "GET",
    path: "website/:website_id/people/profiles/:page",
    scope: { scope: "website:people:profiles", access: "read" },
    handle: (request, _env, website) => {
      const page = Number(request.params.page);
      if (!Number.isSafeInteger(page) || page < 1) return fail(400, "invalid_data", "page must be an integer from 1");
      const text = request.query.get("search_text")?.toLowerCase() ?? "";
      const found = [...website.people.values()].filter((people) => matches(people, text));
      return ok(found.slice((page - 1) * PROFILES_PER_PAGE, page * PROFILES_PER_PAGE).map(profileView));
    },
  },
];

function matches(people: SimulatedPeople, text: string): boolean {
  if (text === "") return true;
  return [people.email, people.nickname].some((field) => field?.toLowerCase().includes(text) === true);
}

/** A profile as Crisp shows it (the fields the simulator models). */
export function profileView(people: SimulatedPeople): Record<string, unknown> {
  return {
    people_id: people.people_id,
    ...(people.email === undefined ? {} : { email: people.email }),
    person: people.nickname === undefined ? {} : { nickname: people.nickname },
    segments: people.segments,
    created_at: people.created_at,
    updated_at: people.updated_at,
  };
}
