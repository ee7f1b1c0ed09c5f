import { requireSession, type ActionContext } from "./action-context.js";
import { defineAction } from "./define-action.js";

type Params = { email?: string; people_id?: string };

/**
 * Reads a contact profile into `steps.<id>`: by `people_id`, by `email`, or (neither given) the
 * contact of the event or of its conversation. `found` says whether there is one.
 */
export const getProfile = defineAction<Params>({
  name: "get_profile",
  repeatable: true,
  readOnly: true,
  priority: "normal",
  summary:
    "Read a contact profile (by email, by people_id, or the conversation's contact) into steps.<id>, with found: true or false.",
  needs: [
    { scope: "website:people:profiles", access: "read" },
    { scope: "website:conversation:sessions", access: "read" },
  ],
  params: {
    type: "object",
    additionalProperties: false,
    properties: {
      email: { description: "Find the profile with this email (case-insensitive).", type: "string", minLength: 1 },
      people_id: { description: "Read this profile.", type: "string", minLength: 1 },
    },
  },
  run: async (context, params) => {
    const website = context.event.website_id;
    if (params.email !== undefined) return findByEmail(context, params.email);
    const peopleId = params.people_id ?? (await contactOf(context));
    if (peopleId === undefined) return { found: false };
    const profile = (await context.crisp.api.website.getPeopleProfile(website, peopleId)) as unknown as object;
    return { found: true, people_id: peopleId, ...profile };
  },
});

/** Crisp's text search, then the profile whose email is exactly this one. */
async function findByEmail(context: ActionContext, email: string): Promise<Record<string, unknown>> {
  const wanted = email.trim().toLowerCase();
  const website = context.event.website_id;
  const listed = (await context.crisp.api.website.listPeopleProfiles(
    website,
    1,
    undefined,
    undefined,
    undefined,
    undefined,
    wanted,
  )) as unknown;
  const profile = (Array.isArray(listed) ? (listed as Record<string, unknown>[]) : []).find(
    (entry) => typeof entry.email === "string" && entry.email.toLowerCase() === wanted,
  );
  return profile === undefined ? { found: false } : { found: true, ...profile };
}

/** The contact of a `people:*` event, else the one Crisp links to the conversation. */
async function contactOf(context: ActionContext): Promise<string | undefined> {
  const fromEvent = context.event.data.people_id;
  if (typeof fromEvent === "string" && fromEvent !== "") return fromEvent;
  const conversation = await context.crisp.getConversation(
    context.event.website_id,
    requireSession(context, "get_profile"),
  );
  return typeof conversation.people_id === "string" && conversation.people_id !== ""
    ? conversation.people_id
    : undefined;
}
